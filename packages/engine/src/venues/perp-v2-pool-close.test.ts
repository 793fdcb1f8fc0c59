import { describe, expect, it } from 'vitest'
import { swapUniswapV3 } from '../impact/swap-uniswap-v3.js'
import { getTickAtSqrtRatio } from '../impact/tick-math.js'
import { poolFromRanges, referenceSwapOutput } from '../testing/uniswap-v3-pools.js'
import {
  closePerpV2InPool,
  PERP_V2_EXCHANGE_FEE_RATIO_PPM,
  perpV2SqrtPriceX96AtPrice,
} from './perp-v2-pool-close.js'

// Curie 1.4.0 (Exchange._swap, SwapMath, OrderBook.replaySwap, UniswapV3Broker.swap): a long closes
// base→quote exact input of |size|·1e6/(1e6 − uniswapFee) rounded up, notional = the quote out; a
// short closes quote→base exact output of |size|, notional = quote in·(1e6 − uniswapFee)/1e6 rounded
// down; the exchange fee per step with liquidity is ⌈out·ratio/1e6⌉ (base→quote) or
// ⌈in·ratio/(1e6 − ratio)⌉ (quote→base). The ETH pool: 0.3% tier, one wide range around 3,000.

const E18 = 10n ** 18n
const INDEX = 3_000n * E18
const ranges = [{ lower: 72_000, upper: 90_000, liquidity: 10n ** 24n }]

/** The virtual ETH pool with its price at `price` (18 decimals). */
function poolAt(price: bigint) {
  const sqrtPriceX96 = perpV2SqrtPriceX96AtPrice(price)
  return poolFromRanges({ ranges, tick: getTickAtSqrtRatio(sqrtPriceX96), sqrtPriceX96 })
}

describe('perpV2SqrtPriceX96AtPrice()', () => {
  it('is ⌊√(price·2^192/1e18)⌋', () => {
    expect(perpV2SqrtPriceX96AtPrice(4n * E18)).toBe(2n * 2n ** 96n)
    const s = perpV2SqrtPriceX96AtPrice(INDEX)
    const square = (INDEX << 192n) / E18
    expect(s * s <= square && (s + 1n) * (s + 1n) > square).toBe(true)
  })
})

describe('closePerpV2InPool()', () => {
  it('closes a long by selling |size|, scaled up by the pool fee, for the quote the pool pays out', () => {
    const pool = poolAt(INDEX)
    const size = 5n * E18
    const close = closePerpV2InPool({ pool, size, indexPrice: INDEX })
    const scaled = (size * 1_000_000n + 996_999n) / 997_000n
    expect(close.closedNotional).toBe(
      swapUniswapV3({ pool, zeroForOne: true, amountSpecified: scaled }).amountOut,
    )
    // the pool's fee is scaled away: 5 ETH at 3,000 less the price impact alone (an independent model)
    expect(Math.abs(Number(close.closedNotional) / referenceSwapOutput(pool, true, scaled) - 1)).toBeLessThan(
      1e-12,
    )
    expect(Number(close.closedNotional) / 1e18).toBeGreaterThan(15_000 * 0.999)
    expect(close.closedNotional < 15_000n * E18).toBe(true)
    // one step (no tick crossed): the exchange fee is 0.1% of the quote out, rounded up
    expect(close.exchangeFee).toBe((close.closedNotional * 1_000n + 999_999n) / 1_000_000n)
  })

  it('closes a short by buying |size| back, the quote paid in with the pool fee scaled away', () => {
    const pool = poolAt(INDEX)
    const size = -5n * E18
    const close = closePerpV2InPool({ pool, size, indexPrice: INDEX })
    const paid = swapUniswapV3({ pool, zeroForOne: false, amountSpecified: size }).amountIn
    expect(close.closedNotional).toBe((paid * 997_000n) / 1_000_000n)
    expect(Number(close.closedNotional) / 1e18).toBeGreaterThan(15_000)
    expect(Number(close.closedNotional) / 1e18).toBeLessThan(15_000 * 1.001)
    // the step's input before any fee (a fee-free replay), fee at 0.1% on it as replaySwap charges
    const net = swapUniswapV3({
      pool: { ...pool, fee: 0 },
      zeroForOne: false,
      amountSpecified: size,
    }).amountIn
    expect(close.exchangeFee).toBe((net * 1_000n + 998_999n) / 999_000n)
  })

  it('first brings the pool to the index: a pool off the index closes as one placed at it', () => {
    const fromAbove = closePerpV2InPool({ pool: poolAt(3_400n * E18), size: 5n * E18, indexPrice: INDEX })
    const fromBelow = closePerpV2InPool({ pool: poolAt(2_100n * E18), size: 5n * E18, indexPrice: INDEX })
    const atIndex = closePerpV2InPool({ pool: poolAt(INDEX), size: 5n * E18, indexPrice: INDEX })
    expect(fromAbove.atIndex.sqrtPriceX96).toBe(perpV2SqrtPriceX96AtPrice(INDEX))
    expect(fromAbove.closedNotional).toBe(atIndex.closedNotional)
    expect(fromBelow.closedNotional).toBe(atIndex.closedNotional)
    expect(fromAbove.exchangeFee).toBe(atIndex.exchangeFee)
    // and the close moves the pool down (a sale of base)
    expect(atIndex.after.sqrtPriceX96 < atIndex.atIndex.sqrtPriceX96).toBe(true)
  })

  it('charges the exchange fee ratio it is given', () => {
    const pool = poolAt(INDEX)
    const standard = closePerpV2InPool({ pool, size: 5n * E18, indexPrice: INDEX })
    const doubled = closePerpV2InPool({
      pool,
      size: 5n * E18,
      indexPrice: INDEX,
      exchangeFeeRatio: 2n * PERP_V2_EXCHANGE_FEE_RATIO_PPM,
    })
    expect(doubled.closedNotional).toBe(standard.closedNotional)
    expect(doubled.exchangeFee).toBe((standard.closedNotional * 2_000n + 999_999n) / 1_000_000n)
  })

  it('refuses a close the pool cannot fill', () => {
    const thin = poolFromRanges({
      ranges: [{ lower: 79_800, upper: 80_400, liquidity: 10n ** 18n }],
      tick: getTickAtSqrtRatio(perpV2SqrtPriceX96AtPrice(INDEX)),
      sqrtPriceX96: perpV2SqrtPriceX96AtPrice(INDEX),
    })
    expect(() => closePerpV2InPool({ pool: thin, size: -(10n ** 24n), indexPrice: INDEX })).toThrow(
      /pays only/,
    )
  })
})
