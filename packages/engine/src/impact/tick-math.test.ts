import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SwapMathError } from './errors.js'
import {
  getSqrtRatioAtTick,
  getTickAtSqrtRatio,
  MAX_SQRT_RATIO,
  MAX_TICK,
  MIN_SQRT_RATIO,
  MIN_TICK,
} from './tick-math.js'

describe('getSqrtRatioAtTick()', () => {
  it('gives 2^96 at tick 0 and the contract constants at the ends of the range', () => {
    expect(getSqrtRatioAtTick(0)).toBe(2n ** 96n)
    expect(getSqrtRatioAtTick(MIN_TICK)).toBe(MIN_SQRT_RATIO)
    expect(getSqrtRatioAtTick(MAX_TICK)).toBe(MAX_SQRT_RATIO)
  })

  it('equals sqrt(1.0001^tick)·2^96 to float precision for every bit of the tick (a wrong factor shows)', () => {
    // every single-bit tick and its negative exercises each per-bit factor alone
    for (let bit = 0; bit < 20; bit++) {
      for (const t of [1 << bit, -(1 << bit)].filter((t) => t >= MIN_TICK && t <= MAX_TICK)) {
        const exact = Number(getSqrtRatioAtTick(t)) / 2 ** 96
        const expected = Math.exp((t / 2) * Math.log1p(0.0001))
        expect(Math.abs(exact / expected - 1)).toBeLessThan(1e-12)
      }
    }
  })

  it('is strictly increasing', () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN_TICK, max: MAX_TICK - 1 }), (t) => {
        expect(getSqrtRatioAtTick(t)).toBeLessThan(getSqrtRatioAtTick(t + 1))
      }),
    )
  })

  it('rejects ticks outside the range', () => {
    expect(() => getSqrtRatioAtTick(MAX_TICK + 1)).toThrow(SwapMathError)
    expect(() => getSqrtRatioAtTick(0.5)).toThrow(SwapMathError)
  })
})

describe('getTickAtSqrtRatio()', () => {
  it('returns the greatest tick whose ratio is at or below the price', () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN_TICK + 1, max: MAX_TICK - 1 }), (t) => {
        const ratio = getSqrtRatioAtTick(t)
        expect(getTickAtSqrtRatio(ratio)).toBe(t)
        expect(getTickAtSqrtRatio(ratio - 1n)).toBe(t - 1)
        expect(getTickAtSqrtRatio(ratio + 1n)).toBe(t)
      }),
    )
    expect(getTickAtSqrtRatio(MIN_SQRT_RATIO)).toBe(MIN_TICK)
    expect(getTickAtSqrtRatio(MAX_SQRT_RATIO - 1n)).toBe(MAX_TICK - 1)
  })

  it('rejects prices outside [MIN_SQRT_RATIO, MAX_SQRT_RATIO)', () => {
    expect(() => getTickAtSqrtRatio(MAX_SQRT_RATIO)).toThrow(SwapMathError)
    expect(() => getTickAtSqrtRatio(MIN_SQRT_RATIO - 1n)).toThrow(SwapMathError)
  })
})
