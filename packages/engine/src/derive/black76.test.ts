import { describe, expect, it } from 'vitest'
import { deriveBlack76, secondsPerYear } from './black76.js'

const year = secondsPerYear

describe('deriveBlack76()', () => {
  it('matches Hull’s futures-option example (F = K = 20, σ = 25%, T = 4 months, r = 9%)', () => {
    // d1 = σ√T/2 = 0.25·√(1/3)/2 = 0.0721688, d2 = −d1; C = P = e^{−0.03}·20·(2·N(0.0721688) − 1)
    // = 0.9704455·20·0.0575360 = 1.1166415 (Hull, Options, Futures and Other Derivatives, ex. 18.8: ≈ 1.12)
    const { call, put } = deriveBlack76({
      secondsToExpiry: year / 3,
      volatility: 0.25,
      forward: 20,
      strike: 20,
      discount: Math.exp(-0.09 / 3),
    })
    expect(call).toBeCloseTo(1.1166415, 6)
    expect(put).toBeCloseTo(1.1166415, 6)
  })

  it('matches the S = 42, K = 40, r = 10%, σ = 20%, T = 0.5 textbook call 4.76 and put 0.81', () => {
    // F = 42·e^{0.05} = 44.1531; d1 = (ln(44.1531/40) + 0.02·0.5)/(0.2·√0.5) = 0.7693, d2 = 0.6278
    // C = e^{−0.05}(44.1531·0.77913 − 40·0.73494) = 4.7594; P = C − e^{−0.05}(F − K) = 0.8086
    const { call, put } = deriveBlack76({
      secondsToExpiry: year / 2,
      volatility: 0.2,
      forward: 42 * Math.exp(0.05),
      strike: 40,
      discount: Math.exp(-0.05),
    })
    expect(call).toBeCloseTo(4.759422, 5)
    expect(put).toBeCloseTo(0.808599, 5)
  })

  it('prices at discounted intrinsic when the total vol is 0 (zero vol or expired)', () => {
    // F = 110, K = 100, D = 0.9: call = 0.9·10 = 9, put = 0
    const zeroVol = deriveBlack76({
      secondsToExpiry: year,
      volatility: 0,
      forward: 110,
      strike: 100,
      discount: 0.9,
    })
    expect(zeroVol.call).toBeCloseTo(9, 12)
    expect(zeroVol.put).toBe(0)
    const expired = deriveBlack76({
      secondsToExpiry: 0,
      volatility: 0.8,
      forward: 90,
      strike: 100,
      discount: 1,
    })
    expect(expired.call).toBe(0)
    expect(expired.put).toBeCloseTo(10, 12)
  })

  it('prices the call at the whole discounted forward once σ√T reaches 24, the put at K·D', () => {
    // σ = 24, T = 1 → σ√T = 24: standard call 1 → F·D = 50; put = (1 + K/F − 1)·F·D = K·D = 120
    const { call, put } = deriveBlack76({
      secondsToExpiry: year,
      volatility: 24,
      forward: 100,
      strike: 240,
      discount: 0.5,
    })
    expect(call).toBe(50)
    expect(put).toBeCloseTo(120, 9)
  })

  it('handles a zero strike and a zero forward as the venue does', () => {
    expect(
      deriveBlack76({ secondsToExpiry: year, volatility: 0.5, forward: 100, strike: 0, discount: 0.8 }),
    ).toEqual({
      call: 80,
      put: 0,
    })
    expect(
      deriveBlack76({ secondsToExpiry: year, volatility: 0.5, forward: 0, strike: 100, discount: 0.8 }),
    ).toEqual({
      call: 0,
      put: 80,
    })
  })

  it('takes the put from put–call parity: C − P = D·(F − K)', () => {
    for (const strike of [50, 90, 100, 130, 400]) {
      const { call, put } = deriveBlack76({
        secondsToExpiry: year / 4,
        volatility: 0.7,
        forward: 100,
        strike,
        discount: 0.97,
      })
      expect(call - put).toBeCloseTo(0.97 * (100 - strike), 9)
    }
  })

  it('floors the parity put at 0 and keeps it below K·D', () => {
    // far-OTM call (K/F = 2, σ√T = 0.01): C rounds to 0, so P = (0 + 2 − 1)·F·D = (K − F)·D = 100·0.9
    const { call, put } = deriveBlack76({
      secondsToExpiry: year,
      volatility: 0.01,
      forward: 100,
      strike: 200,
      discount: 0.9,
    })
    expect(call).toBe(0)
    expect(put).toBeCloseTo(90, 9)
    expect(put).toBeLessThanOrEqual(200 * 0.9)
  })
})
