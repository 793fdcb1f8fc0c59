import { describe, expect, it } from 'vitest'
import { firstCrossing, solveBracketed } from './liquidation-prices.js'

const DOWN = [0.97, 0.93, 0.87, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.03, 0.001, 1e-6]

describe('firstCrossing()', () => {
  it('solves the first sign change along the grid to 1e-12', () => {
    // g(r) = r² − 0.5: one crossing below spot at √0.5, between the grid points 0.8 and 0.7.
    const r = firstCrossing((x) => x * x - 0.5, 0.5, DOWN)
    expect(Math.abs(r! - Math.SQRT1_2)).toBeLessThan(1e-12)
  })

  it('finds a pair of crossings between two grid points that a plain scan steps over', () => {
    // Positive at 1 and at every grid point, negative on (0.98, 0.99) only: the samples at 1.03
    // (the other side's first point), 1 and 0.97 show |g| lowest at spot, so [0.97, 1] is searched.
    const g = (x: number) => (x - 0.98) * (x - 0.99) * 1e4 + 0.5 * (1 - x)
    expect(DOWN.every((x) => g(x) > 0) && g(1) > 0 && g(0.985) < 0).toBe(true)
    expect(firstCrossing(g, g(1), DOWN)).toBeNull() // without the other side's sample: stepped over
    const r = firstCrossing(g, g(1), DOWN, { r: 1.03, g: g(1.03) })
    expect(r).not.toBeNull()
    // The nearer root of 1e4·x² − 19,700.5·x + 9,702.5 = 0.
    const a = 1e4
    const b = -(0.98 + 0.99) * 1e4 - 0.5
    const c = 0.98 * 0.99 * 1e4 + 0.5
    const nearer = (-b + Math.sqrt(b * b - 4 * a * c)) / (2 * a)
    expect(Math.abs(r! - nearer)).toBeLessThan(1e-12)
  })

  it('finds a dip between two grid points away from spot', () => {
    // Samples 0.87 → 0.8 → 0.7 have |g| lowest at 0.8; g < 0 only on (0.75, 0.76).
    const g = (x: number) => (x - 0.75) * (x - 0.76) * 100 + 1e-3 * x
    expect(DOWN.every((x) => g(x) > 0) && g(0.755) < 0).toBe(true)
    const r = firstCrossing(g, g(1), DOWN)
    expect(r).toBeGreaterThan(0.755)
    expect(r).toBeLessThan(0.76)
    expect(Math.abs(g(r!))).toBeLessThan(1e-12)
  })

  it('returns null when g keeps its sign over the whole grid', () => {
    expect(firstCrossing((x) => 1 + x, 2, DOWN)).toBeNull()
  })

  it('returns a grid point where g is exactly zero', () => {
    expect(firstCrossing((x) => (x === 0.8 ? 0 : x - 0.75), 0.25, DOWN)).toBe(0.8)
  })
})

describe('solveBracketed()', () => {
  it('converges on a steep, nearly flat-then-vertical function within the bracket', () => {
    const g = (x: number) => Math.exp(40 * (x - 0.3)) - 1
    const r = solveBracketed(g, 1e-6, g(1e-6), 1, g(1))
    expect(Math.abs(r - 0.3)).toBeLessThan(1e-12)
  })
})
