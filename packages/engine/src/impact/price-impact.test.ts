import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { poolFromRanges } from '../testing/uniswap-v3-pools.js'
import { depthCurveFromTwoPercentDepth, placeDepthCurve, sellIntoDepthCurve } from './depth-curve.js'
import { InvalidImpactModelError } from './errors.js'
import { createPriceImpact } from './price-impact.js'
import { swapUniswapV3 } from './swap-uniswap-v3.js'

const E18 = 10n ** 18n
/** ETH at 3,000 USD with 8-decimal feed scaling. */
const ETH_PRICE = { value: 300_000_000_000n, decimals: 8 }

describe('depth curve', () => {
  const state = placeDepthCurve({
    curve: { depth: 1000n * E18, feePips: 0 },
    price: ETH_PRICE,
    assetDecimals: 18,
    quoteDecimals: 6,
  })

  it('is placed at the price: depth·price of quote against depth of the asset', () => {
    expect(state).toEqual({ assetReserve: 1000n * E18, quoteReserve: 3_000_000n * 10n ** 6n, feePips: 0 })
    expect(
      createPriceImpact({ kind: 'depth-curve', state, assetDecimals: 18, quoteDecimals: 6 }).price(),
    ).toBeCloseTo(3000, 9)
  })

  it('quarters the price when the depth itself is sold, and pays y·q/(x + q)', () => {
    const impact = createPriceImpact({ kind: 'depth-curve', state, assetDecimals: 18, quoteDecimals: 6 })
    const sale = impact.sell(1000n * E18)
    expect(sale.amountOut).toBe(1_500_000n * 10n ** 6n)
    expect(sale.after.price()).toBeCloseTo(750, 9)
    expect(impact.price()).toBeCloseTo(3000, 9) // the model before the sale is unchanged
  })

  it('takes the fee from the input, keeps x·y constant on the rest, and rounds the payout down', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 24n }),
        fc.integer({ min: 0, max: 100_000 }),
        (amount, feePips) => {
          const placed = { ...state, feePips }
          const sale = sellIntoDepthCurve(placed, amount)
          const inLessFee = (amount * BigInt(1_000_000 - feePips)) / 1_000_000n
          expect(sale.state.assetReserve).toBe(placed.assetReserve + inLessFee)
          expect(sale.state.assetReserve * sale.state.quoteReserve).toBeGreaterThanOrEqual(
            placed.assetReserve * placed.quoteReserve,
          )
          expect((sale.amountOut + 1n) * (placed.assetReserve + inLessFee)).toBeGreaterThan(
            placed.quoteReserve * inLessFee,
          )
        },
      ),
    )
  })

  it('built from a 2% depth, moves the price −2% when that much is sold (before fee)', () => {
    const curve = depthCurveFromTwoPercentDepth({
      twoPercentDepth: 20_000_000,
      price: 3000,
      assetDecimals: 18,
      feePips: 0,
    })
    const placed = placeDepthCurve({ curve, price: ETH_PRICE, assetDecimals: 18, quoteDecimals: 6 })
    const impact = createPriceImpact({
      kind: 'depth-curve',
      state: placed,
      assetDecimals: 18,
      quoteDecimals: 6,
    })
    const sale = impact.sell((20_000_000n * E18) / 3000n)
    expect(sale.after.price() / impact.price()).toBeCloseTo(0.98, 6)
    expect(() =>
      depthCurveFromTwoPercentDepth({ twoPercentDepth: 0, price: 3000, assetDecimals: 18, feePips: 0 }),
    ).toThrow(InvalidImpactModelError)
  })

  it('rejects a depth, fee or price it cannot use', () => {
    const base = { price: ETH_PRICE, assetDecimals: 18, quoteDecimals: 6 }
    expect(() => placeDepthCurve({ ...base, curve: { depth: 0n, feePips: 0 } })).toThrow(
      InvalidImpactModelError,
    )
    expect(() => placeDepthCurve({ ...base, curve: { depth: E18, feePips: 1_000_000 } })).toThrow(
      InvalidImpactModelError,
    )
    expect(() =>
      placeDepthCurve({ ...base, price: { value: 0n, decimals: 8 }, curve: { depth: E18, feePips: 0 } }),
    ).toThrow(InvalidImpactModelError)
    expect(() =>
      createPriceImpact({ kind: 'depth-curve', state, assetDecimals: 18, quoteDecimals: 6 }).sell(-1n),
    ).toThrow(InvalidImpactModelError)
  })
})

describe('createPriceImpact() over a Uniswap v3 pool', () => {
  // token0 = WETH (18), token1 = USDC (6): 3,000 USDC per WETH is 3000·10^-12 raw, tick ≈ -196,256
  const pool = poolFromRanges({
    tick: -196_260,
    fee: 500,
    tickSpacing: 10,
    ranges: [
      { lower: -197_000, upper: -195_500, liquidity: 5n * 10n ** 18n },
      { lower: -200_000, upper: -190_000, liquidity: 10n ** 18n },
    ],
  })

  it('sells the asset as token0 exactly as the pool swap pays, and chains the moved pool', () => {
    const impact = createPriceImpact({
      kind: 'uniswap-v3',
      pool,
      assetIsToken0: true,
      assetDecimals: 18,
      quoteDecimals: 6,
    })
    expect(impact.price()).toBeGreaterThan(2990)
    expect(impact.price()).toBeLessThan(3010)
    const first = impact.sell(10n * E18)
    expect(first.amountOut).toBe(
      swapUniswapV3({ pool, zeroForOne: true, amountSpecified: 10n * E18 }).amountOut,
    )
    const second = first.after.sell(10n * E18)
    expect(second.amountOut).toBeLessThan(first.amountOut)
    expect(second.after.price()).toBeLessThan(first.after.price())
  })

  it('sells the asset as token1 in the other direction and quotes the inverse price', () => {
    const impact = createPriceImpact({
      kind: 'uniswap-v3',
      pool,
      assetIsToken0: false,
      assetDecimals: 6,
      quoteDecimals: 18,
    })
    expect(impact.price()).toBeCloseTo(
      1 /
        createPriceImpact({
          kind: 'uniswap-v3',
          pool,
          assetIsToken0: true,
          assetDecimals: 18,
          quoteDecimals: 6,
        }).price(),
      12,
    )
    const sale = impact.sell(3000n * 10n ** 6n)
    expect(sale.amountOut).toBe(
      swapUniswapV3({ pool, zeroForOne: false, amountSpecified: 3000n * 10n ** 6n }).amountOut,
    )
    expect(sale.after.price()).toBeLessThan(impact.price())
  })

  it('selling nothing changes nothing; bad decimals are refused', () => {
    const impact = createPriceImpact({
      kind: 'uniswap-v3',
      pool,
      assetIsToken0: true,
      assetDecimals: 18,
      quoteDecimals: 6,
    })
    expect(impact.sell(0n).amountOut).toBe(0n)
    expect(() =>
      createPriceImpact({
        kind: 'uniswap-v3',
        pool,
        assetIsToken0: true,
        assetDecimals: 1.5,
        quoteDecimals: 6,
      }),
    ).toThrow(InvalidImpactModelError)
  })
})
