import { defaultRiskParameters, type Position, type Price } from '@xmargin/core'
import { closePerpV2InPool, getTickAtSqrtRatio, perpV2SqrtPriceX96AtPrice } from '@xmargin/engine'
import { describe, expect, test } from 'vitest'
import { type CascadePerpPool, runCascade } from './run-cascade.js'

const E18 = 10n ** 18n
const wallet = '0x4444444444444444444444444444444444444444'
const at = { chainId: 42161, venue: 'perp', wallet, blockNumber: 0n } as const
/** A long 5 ETH perp from 3,000 on 1,500 USDC: ETH −31% (index 2,070) fails 6.25% maintenance. */
const positions: Position[] = [
  {
    ...at,
    id: 'perp-eth',
    kind: 'perp',
    asset: 'ETH',
    amount: 5n * E18,
    decimals: 18,
    entryPrice: { value: 3_000n * E18, decimals: 18 },
    funding: { value: 0n, decimals: 18 },
  },
  { ...at, id: 'vault', kind: 'spot', asset: 'USDC', amount: 1_500_000_000n, decimals: 6 },
]
const now = 1_800_000_000
const prices: Price[] = [
  { asset: 'ETH', chainId: 42161, value: 300_000_000_000n, decimals: 8, updatedAt: now, source: 'feed:ETH' },
  { asset: 'USDC', chainId: 42161, value: 100_000_000n, decimals: 8, updatedAt: now, source: 'feed:USDC' },
]
const sqrtPriceX96 = perpV2SqrtPriceX96AtPrice(3_000n * E18)
/** The ETH market's virtual pool at 3,000: one wide range, 0.3% tier. */
const perpPool: CascadePerpPool = {
  chainId: 42161,
  asset: 'ETH',
  pool: `0x${'a'.repeat(40)}`,
  blockNumber: 7,
  state: {
    sqrtPriceX96,
    tick: getTickAtSqrtRatio(sqrtPriceX96),
    liquidity: 10n ** 23n,
    fee: 3000,
    tickSpacing: 60,
    ticks: [
      { index: 72_000, liquidityNet: 10n ** 23n },
      { index: 90_000, liquidityNet: -(10n ** 23n) },
    ],
    coveredTicks: { lower: -887_220, upper: 887_220 },
  },
}

function cascade(perpPools: readonly CascadePerpPool[]) {
  const result = runCascade({
    wallets: [wallet],
    positions,
    prices,
    volatilities: [],
    params: defaultRiskParameters,
    now,
    shock: { ETH: 0.69 },
    curves: {},
    pools: [],
    curveFactors: [],
    perpPools,
    maxRounds: 5,
  })
  const [close] = result.rounds.flatMap((r) => r.liquidations)
  if (!close?.perp) throw new Error('the cascade did not close the perp')
  return close
}

describe('runCascade() with Perp v2 virtual pools', () => {
  test("closes a Perp market's liquidation through its stored virtual pool, arbitraged to the shocked index", () => {
    const close = cascade([perpPool])
    const expected = closePerpV2InPool({ pool: perpPool.state, size: 5n * E18, indexPrice: 2_070n * E18 })
    expect(close.perp).toMatchObject({
      closedAt: 'pool',
      closedSize: -5n * E18,
      closedNotional: expected.closedNotional,
      exchangeFee: expected.exchangeFee,
    })
    // the pool's impact: less than the index notional of 10,350
    expect(expected.closedNotional < 10_350n * E18).toBe(true)
  })

  test('closes at the index price where no pool is stored for the market (another chain’s pool does not count)', () => {
    const close = cascade([{ ...perpPool, chainId: 10 }])
    expect(close.perp).toMatchObject({ closedAt: 'index', closedNotional: 10_350n * E18, exchangeFee: 0n })
  })
})
