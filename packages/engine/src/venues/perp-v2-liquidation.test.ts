import type { Position } from '@xmargin/core'
import { defaultRiskParameters } from '@xmargin/core'
import { describe, expect, it } from 'vitest'
import { getTickAtSqrtRatio } from '../impact/tick-math.js'
import { prepareInputs } from '../prepare-inputs.js'
import { NOW, PRICES, perp, spot } from '../testing/fixtures.js'
import { poolFromRanges } from '../testing/uniswap-v3-pools.js'
import { PerpPoolCloseError } from './perp-v2-errors.js'
import {
  liquidatePerpV2,
  PERP_V2_LIQUIDATION_PENALTY_RATIO_PPM,
  perpMulRatio,
} from './perp-v2-liquidation.js'
import { closePerpV2InPool, perpV2SqrtPriceX96AtPrice } from './perp-v2-pool-close.js'
import { createPerpV2Rule, perpV2Rule } from './perp-v2-rule.js'

// Expected figures worked by hand from curie 1.4.0: ClearingHouse._liquidate charges
// exchangedPositionNotional.abs().mulRatio(liquidationPenaltyRatio), mulRatio = x·ratio / 1e6 rounded
// down; a partial close takes amount.mulRatio(partialCloseRatio); ClearingHouseConfig deploys 6.25% /
// 2.5% / 25%. The closed notional is taken at the index price (the contract swaps in its virtual pool).

function account(positions: Position[]) {
  const { book } = prepareInputs({ positions, prices: PRICES, params: defaultRiskParameters, now: NOW })
  const eth = book.factors.indexOf('ETH')
  return {
    account: perpV2Rule.accountsOf(book.positions, book.rate)[0]!,
    at: (m: number) => (p: { factor: number }) => (p.factor === eth ? m : 1),
  }
}

describe('liquidatePerpV2()', () => {
  it('closes a short in full at the index price and charges 2.5% of the notional, rounded down', () => {
    // short 10 ETH from 3,000, 10,000 USDC; ETH +30% → index 3,900: value 10,000 − 9,000 = 1,000
    // < 6.25% · 39,000 = 2,437.5. Close: +10 ETH, notional 39,000e18, penalty 975e18.
    const { account: a, at } = account([
      perp('ETH', -10, 3000, { id: 'short' }),
      spot('USDC', 10_000, { venue: 'perp', decimals: 6, id: 'vault' }),
    ])
    expect(perpV2Rule.liquidation!(a, at(1.25))).toBeNull() // 2,500 ≥ 2,343.75: healthy
    const result = perpV2Rule.liquidation!(a, at(1.3))!
    expect(result.perp).toEqual({
      closedSize: 10n ** 19n,
      closedNotional: 39_000n * 10n ** 18n,
      penalty: 975n * 10n ** 18n,
      exchangeFee: 0n,
      partial: false,
      closedAt: 'index',
    })
    expect(result.repaid).toMatchObject({ asset: 'ETH', amount: 10n ** 19n })
    expect(result.seized).toMatchObject({ asset: 'USDC', amount: 975_000_000n })
    expect(result.badDebt).toBe(0) // 1,000 − 975 = 25 left
  })

  it('closes partialCloseRatio of the position, rounded down, when the close may only be partial', () => {
    // long 3.333333333333333333 ETH: mulRatio(size, 250,000) = 833,333,333,333,333,333;
    // notional at 2,700 = 2,249.9999…e18 → 2,249,999,999,999,999,999,100; penalty ·2.5% rounded down.
    const size = 3_333_333_333_333_333_333n
    const { account: a, at } = account([
      { ...perp('ETH', 0, 3000, { id: 'long' }), amount: size },
      spot('USDC', 100, { venue: 'perp', decimals: 6, id: 'vault' }),
    ])
    const result = liquidatePerpV2(a, at(0.9), { partial: true })!
    expect(result.perp?.closedSize).toBe(-833_333_333_333_333_333n)
    expect(result.perp?.closedNotional).toBe(2_249_999_999_999_999_999_100n)
    expect(result.perp?.penalty).toBe(56_249_999_999_999_999_977n)
    expect(result.perp?.penalty).toBe(
      perpMulRatio(2_249_999_999_999_999_999_100n, PERP_V2_LIQUIDATION_PENALTY_RATIO_PPM),
    )
  })

  it('reads the penalty ratio of a configured rule', () => {
    const { account: a, at } = account([
      perp('ETH', -10, 3000, { id: 'short' }),
      spot('USDC', 10_000, { venue: 'perp', decimals: 6, id: 'vault' }),
    ])
    const rule = createPerpV2Rule({ liquidation: { liquidationPenaltyRatio: 10_000n } })
    expect(rule.liquidation!(a, at(1.3))!.perp?.penalty).toBe(390n * 10n ** 18n)
  })

  it('closes through the market’s virtual pool where one is given: notional, penalty and exchange fee from the swap', () => {
    // the short 10 ETH from 3,000 at +30% (index 3,900), with a virtual pool at 3,400: the close
    // first arbitrages the pool to 3,900, then buys 10 ETH back through it
    const { account: a, at } = account([
      perp('ETH', -10, 3000, { id: 'short' }),
      spot('USDC', 10_000, { venue: 'perp', decimals: 6, id: 'vault' }),
    ])
    const sqrtPriceX96 = perpV2SqrtPriceX96AtPrice(3_400n * 10n ** 18n)
    const pool = poolFromRanges({
      ranges: [{ lower: 72_000, upper: 90_000, liquidity: 10n ** 24n }],
      tick: getTickAtSqrtRatio(sqrtPriceX96),
      sqrtPriceX96,
    })
    const asked: unknown[] = []
    const pools = (market: { chainId: number; asset: string }) => {
      asked.push(market)
      return market.asset === 'ETH' ? pool : undefined
    }
    const result = liquidatePerpV2(a, at(1.3), { pools })!
    expect(asked).toEqual([{ chainId: 1, asset: 'ETH' }])
    const close = closePerpV2InPool({ pool, size: -(10n ** 19n), indexPrice: 3_900n * 10n ** 18n })
    expect(result.perp).toEqual({
      closedSize: 10n ** 19n,
      closedNotional: close.closedNotional,
      penalty: perpMulRatio(close.closedNotional, PERP_V2_LIQUIDATION_PENALTY_RATIO_PPM),
      exchangeFee: close.exchangeFee,
      partial: false,
      closedAt: 'pool',
    })
    // buying back costs more than the index notional: the impact and the fee come out of the value
    expect(close.closedNotional > 39_000n * 10n ** 18n).toBe(true)
    expect(close.exchangeFee > 0n).toBe(true)
    const notional = Number(close.closedNotional) / 1e18
    const fee = Number(close.exchangeFee) / 1e18
    const penalty = Number(result.perp!.penalty) / 1e18
    // value 1,000 at the index; the close realizes −(notional − 39,000) − fee more; then the penalty
    const left = 1_000 - (notional - 39_000) - fee - penalty
    expect(left).toBeLessThan(25)
    expect(result.badDebt).toBe(left < 0 ? -left : 0)
    expect(result.repaid.value).toBe(notional)
  })

  it('closes at the index price (closedAt index) for a market without a pool', () => {
    const { account: a, at } = account([
      perp('ETH', -10, 3000, { id: 'short' }),
      spot('USDC', 10_000, { venue: 'perp', decimals: 6, id: 'vault' }),
    ])
    const result = liquidatePerpV2(a, at(1.3), { pools: () => undefined })!
    expect(result.perp).toMatchObject({
      closedNotional: 39_000n * 10n ** 18n,
      closedAt: 'index',
      exchangeFee: 0n,
    })
  })
})

describe('liquidatePerpV2() through a pool that cannot take the close', () => {
  it('is a PerpPoolCloseError naming the market, not an index-price close', () => {
    const { account: a, at } = account([
      perp('ETH', -10, 3000, { id: 'short' }),
      spot('USDC', 10_000, { venue: 'perp', decimals: 6, id: 'vault' }),
    ])
    const sqrtPriceX96 = perpV2SqrtPriceX96AtPrice(3_000n * 10n ** 18n)
    const tick = getTickAtSqrtRatio(sqrtPriceX96)
    // ticks read only a few spacings around the stored price: less than the bitmap word a step reads
    const narrow = {
      ...poolFromRanges({
        ranges: [{ lower: 72_000, upper: 90_000, liquidity: 10n ** 24n }],
        tick,
        sqrtPriceX96,
      }),
      ticks: [],
      coveredTicks: { lower: 79_800, upper: 80_400 },
    }
    expect(() => liquidatePerpV2(a, at(1.3), { pools: () => narrow })).toThrow(PerpPoolCloseError)
    expect(() => liquidatePerpV2(a, at(1.3), { pools: () => narrow })).toThrow(
      "Perp v2's ETH market on chain 1 cannot close a liquidation through its stored virtual pool: Pool state does not cover ticks",
    )
  })
})
