import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { poolFromRanges, referenceSwapOutput } from '../testing/uniswap-v3-pools.js'
import { SwapMathError, TickRangeNotCoveredError } from './errors.js'
import { swapUniswapV3 } from './swap-uniswap-v3.js'
import { MIN_SQRT_RATIO } from './tick-math.js'

const E18 = 10n ** 18n

/** Three overlapping ranges around tick 0: a sale of a few units crosses two of their edges. */
const laddered = poolFromRanges({
  tick: 0,
  ranges: [
    { lower: -600, upper: 600, liquidity: 1000n * E18 },
    { lower: -3000, upper: 3000, liquidity: 300n * E18 },
    { lower: -60_000, upper: 60_000, liquidity: 50n * E18 },
  ],
})

const rangesArbitrary = fc.array(
  fc
    .tuple(
      fc.integer({ min: -200, max: 199 }),
      fc.integer({ min: 1, max: 200 }),
      fc.bigInt({ min: 10n ** 15n, max: 10n ** 24n }),
    )
    .map(([lower, width, liquidity]) => ({ lower: lower * 60, upper: (lower + width) * 60, liquidity })),
  { minLength: 1, maxLength: 6 },
)

describe('swapUniswapV3()', () => {
  it('crosses initialized ticks and applies their liquidity in the direction of the swap', () => {
    const sale = swapUniswapV3({ pool: laddered, zeroForOne: true, amountSpecified: 60n * E18 })
    expect(sale.initializedTicksCrossed).toBe(1)
    expect(sale.pool.tick).toBeLessThan(-600)
    expect(sale.pool.liquidity).toBe(350n * E18)
    const buy = swapUniswapV3({ pool: laddered, zeroForOne: false, amountSpecified: 60n * E18 })
    expect(buy.pool.tick).toBeGreaterThanOrEqual(600)
    expect(buy.pool.liquidity).toBe(350n * E18)
    // the input pool is not modified
    expect(laddered.liquidity).toBe(1350n * E18)
  })

  it('pays what a real-number model of the same ranges pays, to 1e-9 (rounding and per-step fees aside)', () => {
    fc.assert(
      fc.property(
        rangesArbitrary,
        fc.integer({ min: -150, max: 150 }),
        fc.boolean(),
        fc.bigInt({ min: 10n ** 12n, max: 10n ** 24n }),
        fc.constantFrom(100, 500, 3000, 10_000),
        (ranges, tickSteps, zeroForOne, amountIn, fee) => {
          const pool = poolFromRanges({ ranges, tick: tickSteps * 60 + 7, fee })
          const swap = swapUniswapV3({ pool, zeroForOne, amountSpecified: amountIn })
          if (swap.amountIn < amountIn) return // ran out of liquidity: covered below
          const reference = referenceSwapOutput(pool, zeroForOne, amountIn)
          expect(Math.abs(Number(swap.amountOut) - reference)).toBeLessThanOrEqual(reference * 1e-9 + 16)
          expect(Number(swap.amountOut)).toBeLessThanOrEqual(reference * (1 + 1e-12) + 1)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('pays more for more input, and never at a better average price than the starting price', () => {
    fc.assert(
      fc.property(
        rangesArbitrary,
        fc.bigInt({ min: 1n, max: 10n ** 23n }),
        fc.bigInt({ min: 1n, max: 10n ** 23n }),
        (ranges, a, b) => {
          const pool = poolFromRanges({ ranges, tick: 0 })
          const [small, large] = a < b ? [a, b] : [b, a]
          const first = swapUniswapV3({ pool, zeroForOne: true, amountSpecified: small })
          const second = swapUniswapV3({ pool, zeroForOne: true, amountSpecified: large })
          expect(second.amountOut).toBeGreaterThanOrEqual(first.amountOut)
          // tick 0: price 1, so the output never exceeds the input
          expect(first.amountOut).toBeLessThanOrEqual(first.amountIn)
        },
      ),
    )
  })

  it('delivers an exact output in full for at most the input that buys it', () => {
    fc.assert(
      fc.property(
        rangesArbitrary,
        fc.bigInt({ min: 10n ** 6n, max: 10n ** 22n }),
        fc.boolean(),
        (ranges, amountIn, zeroForOne) => {
          const pool = poolFromRanges({ ranges, tick: 0 })
          const exactIn = swapUniswapV3({ pool, zeroForOne, amountSpecified: amountIn })
          if (exactIn.amountOut === 0n) return
          const exactOut = swapUniswapV3({ pool, zeroForOne, amountSpecified: -exactIn.amountOut })
          expect(exactOut.amountOut).toBe(exactIn.amountOut)
          expect(exactOut.amountIn).toBeLessThanOrEqual(exactIn.amountIn)
        },
      ),
    )
  })

  it('stops at the price limit or where liquidity ends and reports the input it took', () => {
    const pool = poolFromRanges({ tick: 0, ranges: [{ lower: -120, upper: 120, liquidity: E18 }] })
    const dry = swapUniswapV3({ pool, zeroForOne: true, amountSpecified: 10n ** 30n })
    expect(dry.amountIn).toBeLessThan(10n ** 30n)
    expect(dry.pool.liquidity).toBe(0n)
    expect(dry.pool.sqrtPriceX96).toBe(MIN_SQRT_RATIO + 1n)
    const limited = swapUniswapV3({
      pool,
      zeroForOne: true,
      amountSpecified: 10n ** 30n,
      sqrtPriceLimitX96: pool.sqrtPriceX96 - 2n ** 90n,
    })
    expect(limited.pool.sqrtPriceX96).toBe(pool.sqrtPriceX96 - 2n ** 90n)
    expect(() =>
      swapUniswapV3({
        pool,
        zeroForOne: true,
        amountSpecified: 1n,
        sqrtPriceLimitX96: pool.sqrtPriceX96 + 1n,
      }),
    ).toThrow(SwapMathError)
    expect(() => swapUniswapV3({ pool, zeroForOne: true, amountSpecified: 0n })).toThrow(SwapMathError)
  })

  it('fails when the sale walks past the ticks the state was read for', () => {
    const coveredTicks = { lower: -256 * 60, upper: 256 * 60 - 1 }
    const ticks = laddered.ticks.filter((t) => t.index >= coveredTicks.lower && t.index <= coveredTicks.upper)
    const narrow = { ...laddered, ticks, coveredTicks }
    expect(swapUniswapV3({ pool: narrow, zeroForOne: true, amountSpecified: E18 }).amountOut).toBeGreaterThan(
      0n,
    )
    expect(() => swapUniswapV3({ pool: narrow, zeroForOne: true, amountSpecified: 10n ** 23n })).toThrow(
      TickRangeNotCoveredError,
    )
  })

  it('rejects a malformed pool state', () => {
    expect(() =>
      swapUniswapV3({
        pool: { ...laddered, ticks: [...laddered.ticks].reverse() },
        zeroForOne: true,
        amountSpecified: 1n,
      }),
    ).toThrow(SwapMathError)
    expect(() =>
      swapUniswapV3({ pool: { ...laddered, fee: 1_000_000 }, zeroForOne: true, amountSpecified: 1n }),
    ).toThrow(SwapMathError)
    expect(() =>
      swapUniswapV3({
        pool: { ...laddered, ticks: [{ index: 61, liquidityNet: 1n }] },
        zeroForOne: true,
        amountSpecified: 1n,
      }),
    ).toThrow(SwapMathError)
  })
})
