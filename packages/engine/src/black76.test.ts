import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { black76, black76Delta, black76Price, black76PriceAndDelta, normalCdf } from './black76.js'

describe('normalCdf()', () => {
  it('matches tabulated values', () => {
    // Abramowitz & Stegun table 26.1 / standard tables.
    expect(normalCdf(0)).toBe(0.5)
    expect(normalCdf(1)).toBeCloseTo(0.841344746068543, 14)
    expect(normalCdf(-1.96)).toBeCloseTo(0.0249978951482204, 14)
    expect(normalCdf(3)).toBeCloseTo(0.99865010196837, 14)
    expect(Math.abs(normalCdf(-8) / 6.220960574271819e-16 - 1)).toBeLessThan(1e-7)
  })

  it('is symmetric and monotone', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -40, max: 40, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        (x, h) => {
          expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 14)
          expect(normalCdf(x + h)).toBeGreaterThanOrEqual(normalCdf(x))
        },
      ),
    )
  })
})

describe('black76()', () => {
  // Hull, Options Futures and Other Derivatives, example 15.6: S = 42, K = 40, r = 10%, σ = 20%,
  // T = 0.5. d1 = (ln(42/40) + (0.1 + 0.02)·0.5) / (0.2·√0.5) = 0.7693, d2 = 0.6278,
  // call = 42·N(0.7693) − 40·e^{−0.05}·N(0.6278) = 4.76, put = 40·e^{−0.05}·N(−0.6278) − 42·N(−0.7693) = 0.81.
  // Black-76 on the forward F = 42·e^{0.05} gives the same prices.
  const forward = 42 * Math.exp(0.1 * 0.5)
  const common = { forward, strike: 40, timeToExpiry: 0.5, volatility: 0.2, rate: 0.1 }

  it('matches the textbook Black-Scholes example (call ≈ 4.76, put ≈ 0.81)', () => {
    expect(black76({ ...common, right: 'call' })).toBeCloseTo(4.7594, 4)
    expect(black76({ ...common, right: 'put' })).toBeCloseTo(0.8086, 4)
  })

  it('matches Black (1976) futures option example: F = 20, K = 20, r = 9%, σ = 25%, T = 4/12', () => {
    // Hull example 18.x: European put on a futures, value 1.12.
    const value = black76({
      forward: 20,
      strike: 20,
      timeToExpiry: 4 / 12,
      volatility: 0.25,
      rate: 0.09,
      right: 'put',
    })
    expect(value).toBeCloseTo(1.1166, 3)
  })

  it('satisfies put-call parity C − P = e^{−rT}(F − K)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 100_000, noNaN: true }),
        fc.double({ min: 0.3, max: 3, noNaN: true }),
        fc.double({ min: 0.001, max: 5, noNaN: true }),
        fc.double({ min: 0.01, max: 3, noNaN: true }),
        fc.double({ min: -0.05, max: 0.2, noNaN: true }),
        (f, moneyness, t, sigma, rate) => {
          const strike = f * moneyness
          const p = { forward: f, strike, timeToExpiry: t, volatility: sigma, rate }
          const parity = Math.exp(-rate * t) * (f - strike)
          const difference = black76({ ...p, right: 'call' }) - black76({ ...p, right: 'put' })
          expect(Math.abs(difference - parity)).toBeLessThanOrEqual(1e-9 * Math.max(f, strike))
        },
      ),
    )
  })

  it('prices an expired option at intrinsic value and stays within no-arbitrage bounds', () => {
    expect(
      black76({ forward: 110, strike: 100, timeToExpiry: 0, volatility: 0.5, rate: 0.05, right: 'call' }),
    ).toBe(10)
    expect(
      black76({ forward: 110, strike: 100, timeToExpiry: 0, volatility: 0.5, rate: 0.05, right: 'put' }),
    ).toBe(0)
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1000, noNaN: true }),
        fc.double({ min: 1, max: 1000, noNaN: true }),
        (f, k) => {
          const call = black76({
            forward: f,
            strike: k,
            timeToExpiry: 1,
            volatility: 0.8,
            rate: 0,
            right: 'call',
          })
          expect(call).toBeGreaterThanOrEqual(Math.max(0, f - k) - 1e-9)
          expect(call).toBeLessThanOrEqual(f + 1e-9)
        },
      ),
    )
  })
})

describe('black76PriceAndDelta()', () => {
  it('gives the same floats as black76Price and black76Delta, degenerate inputs included', () => {
    const out = new Float64Array(2)
    const edge = fc.constantFrom(0, -0, -1, Number.NaN, Number.POSITIVE_INFINITY, 1e-300, 1e300)
    const positive = fc.oneof(fc.double({ min: 1e-6, max: 1e7, noNaN: true }), edge)
    fc.assert(
      fc.property(
        positive,
        positive,
        fc.oneof(fc.double({ min: -0.1, max: 3, noNaN: true }), edge),
        fc.oneof(fc.double({ min: 0, max: 5, noNaN: true }), edge),
        fc.oneof(fc.double({ min: -0.2, max: 0.3, noNaN: true }), edge),
        fc.boolean(),
        (forward, strike, t, sigma, rate, call) => {
          black76PriceAndDelta(forward, strike, t, sigma, rate, call, out)
          expect(Object.is(out[0], black76Price(forward, strike, t, sigma, rate, call))).toBe(true)
          expect(Object.is(out[1], black76Delta(forward, strike, t, sigma, rate, call))).toBe(true)
        },
      ),
      { numRuns: 5000 },
    )
  })
})
