import { describe, expect, it } from 'vitest'
import { InvalidDeriveInputError } from './errors.js'
import { sviVol } from './svi.js'

// a = 0.04, b = 0.4, ρ = −0.4, m = 0, σ = 0.1: the k-bound is 4·√(a + bσ) = 4·√0.08 = 1.1314
const slice = { a: 0.04, b: 0.4, rho: -0.4, m: 0, sigma: 0.1, forward: 100, tau: 0.5 }

describe('sviVol()', () => {
  it('is √(a/τ) on a flat slice (b = 0)', () => {
    // w = 0.04, τ = 0.25 → √0.16 = 0.4
    expect(sviVol({ strike: 77, svi: { ...slice, b: 0, tau: 0.25 } })).toBeCloseTo(0.4, 14)
  })

  it('is √((a + bσ)/τ) at the money (k = m = 0)', () => {
    // w = 0.04 + 0.4·(√(0 + 0.01) + 0) = 0.08 → √(0.08/0.5) = 0.4
    expect(sviVol({ strike: 100, svi: slice })).toBeCloseTo(0.4, 14)
  })

  it('follows the raw SVI formula off the money', () => {
    // K = 150: k = ln 1.5 = 0.405465; √(k² + σ²) = 0.417615; ρk = −0.162186
    // w = 0.04 + 0.4·(0.417615 − 0.162186) = 0.142171 → √(0.142171/0.5) = 0.533238
    expect(sviVol({ strike: 150, svi: slice })).toBeCloseTo(0.5332381, 6)
  })

  it('clamps the log-moneyness at ±4·√(a + bσ), so far wings are flat', () => {
    // ln(10) = 2.30 and ln(50) = 3.91 are both beyond 1.1314 → same vol; same on the put side
    expect(sviVol({ strike: 1000, svi: slice })).toBe(sviVol({ strike: 5000, svi: slice }))
    expect(sviVol({ strike: 10, svi: slice })).toBe(sviVol({ strike: 1, svi: slice }))
    expect(sviVol({ strike: 1000, svi: slice })).not.toBe(sviVol({ strike: 300, svi: slice }))
  })

  it('takes k = −B when K / F is below 1e−18, which the venue rounds to 0', () => {
    // a = 100, b = 1, σ = 10: B = 4·√110 = 41.9523. K/F = 8e−19: ln = −41.6698 lies inside [−B, B],
    // but the venue sees a ratio of 0 and uses k = −B:
    // w = 100 + 1·√(41.9523² + 10²) = 100 + 43.1277 = 143.1277 (ρ = m = 0) → vol √(143.1277/1) = 11.96360
    const wide = { a: 100, b: 1, rho: 0, m: 0, sigma: 10, forward: 1e18, tau: 1 }
    expect(sviVol({ strike: 0.8, svi: wide })).toBeCloseTo(11.9636, 4)
    // at K/F = 2e−18 the ln is used: w = 100 + √(40.7530² + 100) = 141.9623 → 11.91480
    expect(sviVol({ strike: 2, svi: wide })).toBeCloseTo(11.9148, 4)
  })

  it('caps the total variance at 144 (total vol 12)', () => {
    expect(sviVol({ strike: 100, svi: { ...slice, a: 200, tau: 1 } })).toBe(12)
  })

  it('gives vol 0 at strike 0', () => {
    expect(sviVol({ strike: 0, svi: slice })).toBe(0)
  })

  it('rejects a slice whose total variance is negative at the strike, as the venue reverts', () => {
    // a + bσ = 0.01 ≥ 0 but at k = 0, m = 5: w = −0.01 + 0.1·(√(25.04) − 0.99·5) = −0.0046
    const bad = { a: -0.01, b: 0.1, rho: 0.99, m: 5, sigma: 0.2, forward: 100, tau: 1 }
    expect(() => sviVol({ strike: 100, svi: bad })).toThrow(InvalidDeriveInputError)
  })
})
