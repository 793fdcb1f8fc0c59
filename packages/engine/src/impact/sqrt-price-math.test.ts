import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { computeSwapStep } from './compute-swap-step.js'
import { SwapMathError } from './errors.js'
import {
  getAmount0Delta,
  getAmount1Delta,
  getNextSqrtPriceFromAmount0RoundingUp,
  getNextSqrtPriceFromInput,
  getNextSqrtPriceFromOutput,
} from './sqrt-price-math.js'

const Q96 = 2n ** 96n
const E18 = 10n ** 18n
/** sqrt(1.21)·2^96 rounded down: the price 1.21 as v3-core's tests encode it. */
const PRICE_121_100 = 87150978765690771352898345369n

// Values from v3-core's own SqrtPriceMath / SwapMath test suites (test/SqrtPriceMath.spec.ts,
// test/SwapMath.spec.ts), computed there by the Solidity library.
describe('SqrtPriceMath', () => {
  it('moves the price by an input of token1 and of token0', () => {
    expect(getNextSqrtPriceFromInput(Q96, E18, E18 / 10n, false)).toBe(PRICE_121_100)
    expect(getNextSqrtPriceFromInput(Q96, E18, E18 / 10n, true)).toBe(72025602285694852357767227579n)
  })

  it('rounds token0 and token1 amounts between two prices up or down', () => {
    expect(getAmount0Delta(Q96, PRICE_121_100, E18, true)).toBe(90909090909090910n)
    expect(getAmount0Delta(Q96, PRICE_121_100, E18, false)).toBe(90909090909090909n)
    expect(getAmount1Delta(Q96, PRICE_121_100, E18, true)).toBe(100000000000000000n)
    expect(getAmount1Delta(Q96, PRICE_121_100, E18, false)).toBe(99999999999999999n)
  })

  it('takes the overflow formula when amount·price exceeds 256 bits', () => {
    const amount = 2n ** 200n
    // the product overflows, so the result is L / (L/√P + amount) rounded up
    const liquidity = 1n
    const expected =
      ((liquidity << 96n) + ((liquidity << 96n) / Q96 + amount) - 1n) / ((liquidity << 96n) / Q96 + amount)
    expect(getNextSqrtPriceFromAmount0RoundingUp(Q96, liquidity, amount, true)).toBe(expected)
    expect(expected).toBe(1n)
  })

  it('refuses an output of the whole virtual reserve (1024 of each at price 1, L = 1024)', () => {
    expect(getNextSqrtPriceFromOutput(Q96, 1024n, 1023n, false)).toBeGreaterThan(Q96)
    expect(() => getNextSqrtPriceFromOutput(Q96, 1024n, 1024n, true)).toThrow(SwapMathError)
    expect(() => getNextSqrtPriceFromOutput(Q96, 1024n, 1024n, false)).toThrow(SwapMathError)
    expect(() => getNextSqrtPriceFromInput(Q96, 0n, 1n, true)).toThrow(SwapMathError)
  })

  it('never lets the price pass what the exact amounts allow (round trip in favour of the pool)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 10n ** 6n, max: 10n ** 30n }),
        fc.bigInt({ min: 1n, max: 10n ** 24n }),
        fc.boolean(),
        (liquidity, amountIn, zeroForOne) => {
          const next = getNextSqrtPriceFromInput(Q96, liquidity, amountIn, zeroForOne)
          const paid = zeroForOne
            ? getAmount0Delta(next, Q96, liquidity, true)
            : getAmount1Delta(Q96, next, liquidity, true)
          expect(paid).toBeLessThanOrEqual(amountIn)
        },
      ),
    )
  })
})

describe('computeSwapStep()', () => {
  it('reaches the target with an exact input that covers it, fee rounded up', () => {
    const step = computeSwapStep({
      sqrtPriceCurrentX96: Q96,
      sqrtPriceTargetX96: 79623317895830914510639640423n, // encodePriceSqrt(101, 100)
      liquidity: 2n * E18,
      amountRemaining: E18,
      feePips: 600,
    })
    expect(step).toEqual({
      sqrtPriceNextX96: 79623317895830914510639640423n,
      amountIn: 9975124224178055n,
      amountOut: 9925619580021728n,
      feeAmount: 5988667735148n,
    })
  })

  it('takes the whole remainder of an exact input that stops short of the target as fee and input', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 18n }),
        fc.integer({ min: 0, max: 100_000 }),
        (amount, fee) => {
          const step = computeSwapStep({
            sqrtPriceCurrentX96: Q96,
            sqrtPriceTargetX96: Q96 / 2n,
            liquidity: 10n ** 24n,
            amountRemaining: amount,
            feePips: fee,
          })
          expect(step.amountIn + step.feeAmount).toBe(amount)
          expect(step.sqrtPriceNextX96).toBeLessThanOrEqual(Q96)
        },
      ),
    )
  })

  it('pays an exact output in full, never more', () => {
    const step = computeSwapStep({
      sqrtPriceCurrentX96: Q96,
      sqrtPriceTargetX96: Q96 / 2n,
      liquidity: 10n ** 24n,
      amountRemaining: -(10n ** 18n),
      feePips: 3000,
    })
    expect(step.amountOut).toBe(10n ** 18n)
    expect(step.feeAmount).toBe((step.amountIn * 3000n + 997_000n - 1n) / 997_000n)
  })
})
