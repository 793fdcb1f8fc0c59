import { describe, expect, it } from 'vitest'
import { InvalidPriceHistoryError } from './errors.js'
import { covarianceToCorrelation, ewmaCovariances } from './ewma.js'
import { historyHash, logReturns } from './price-history.js'

const DAY = 86_400

describe('logReturns()', () => {
  it('takes ln(P_t / P_{t-1}) per factor, factors sorted by name', () => {
    const result = logReturns({
      history: { times: [0, DAY, 2 * DAY], prices: { ETH: [100, 110, 99], BTC: [50, 50, 25] } },
      periodSeconds: DAY,
    })
    expect(result.factors).toEqual(['BTC', 'ETH'])
    expect(result.returns[0]).toEqual([0, Math.log(0.5)])
    expect(result.returns[1]![0]).toBeCloseTo(Math.log(1.1), 15)
    expect(result.returns[1]![1]).toBeCloseTo(Math.log(0.9), 15)
  })

  it('refuses a gap in the grid, a non-positive price, a short series and too few observations', () => {
    const prices = { ETH: [100, 110, 99] }
    expect(() => logReturns({ history: { times: [0, DAY, 3 * DAY], prices }, periodSeconds: DAY })).toThrow(
      /times must be 86400 s apart/,
    )
    expect(() =>
      logReturns({
        history: { times: [0, DAY, 2 * DAY], prices: { ETH: [100, 0, 99] } },
        periodSeconds: DAY,
      }),
    ).toThrow(InvalidPriceHistoryError)
    expect(() =>
      logReturns({ history: { times: [0, DAY, 2 * DAY], prices: { ETH: [100, 99] } }, periodSeconds: DAY }),
    ).toThrow(/has 2 prices for 3 times/)
    expect(() =>
      logReturns({ history: { times: [0, DAY], prices: { ETH: [1, 2] } }, periodSeconds: DAY }),
    ).toThrow(/at least 3 observations/)
  })
})

describe('ewmaCovariances()', () => {
  // Worked by hand with λ = 0.5, a = (0.01, −0.02, 0.03), b = (0.02, −0.01, 0.01):
  // weights after 3 returns ∝ (0.25, 0.5, 1), Σ = 1.75.
  // var_a = (0.25·1e-4 + 0.5·4e-4 + 9e-4) / 1.75 = 11.25e-4 / 1.75
  // var_b = (0.25·4e-4 + 0.5·1e-4 + 1e-4) / 1.75 = 2.5e-4 / 1.75
  // cov   = (0.25·2e-4 + 0.5·2e-4 + 3e-4) / 1.75 = 4.5e-4 / 1.75
  // ρ = 4.5 / √(11.25·2.5) = 0.848528137...
  const returns = [
    [0.01, -0.02, 0.03],
    [0.02, -0.01, 0.01],
  ]

  it('matches the RiskMetrics estimate worked by hand on a 3-day series', () => {
    const series = ewmaCovariances({ returns, lambda: 0.5 })
    expect(series).toHaveLength(3)
    const last = series[2]!
    expect(last[0]).toBeCloseTo(11.25e-4 / 1.75, 15)
    expect(last[3]).toBeCloseTo(2.5e-4 / 1.75, 15)
    expect(last[1]).toBeCloseTo(4.5e-4 / 1.75, 15)
    expect(last[2]).toBe(last[1])
    // The first estimate is r_1 r_1ᵀ (no seed value), the second (0.5·r_1² + r_2²) / 1.5.
    expect(series[0]![0]).toBeCloseTo(1e-4, 15)
    expect(series[1]![0]).toBeCloseTo((0.5e-4 + 4e-4) / 1.5, 15)
    const { volatilities, correlation } = covarianceToCorrelation(last, 2)
    expect(volatilities[0]).toBeCloseTo(Math.sqrt(11.25e-4 / 1.75), 15)
    expect(correlation[0]![1]).toBeCloseTo(4.5 / Math.sqrt(11.25 * 2.5), 12)
    expect(correlation[0]![1]).toBeCloseTo(0.848528137, 8)
  })

  it('gives λ = 0.94 weights 0.94^age, normalised', () => {
    const r = [0.05, 0, 0, 0]
    const last = ewmaCovariances({ returns: [r], lambda: 0.94 })[3]!
    const weights = [0.94 ** 3, 0.94 ** 2, 0.94, 1]
    const total = weights.reduce((a, b) => a + b, 0)
    expect(last[0]).toBeCloseTo((weights[0]! * 0.0025) / total, 15)
  })

  it('sets the correlation of a factor that never moved to 0 (defined, PSD)', () => {
    const last = ewmaCovariances({
      returns: [
        [0.01, -0.02],
        [0, 0],
      ],
      lambda: 0.94,
    })[1]!
    expect(covarianceToCorrelation(last, 2).correlation).toEqual([
      [1, 0],
      [0, 1],
    ])
  })
})

describe('historyHash()', () => {
  it('depends on the prices and times, not on the order of the factors', () => {
    const times = [0, DAY, 2 * DAY]
    const a = historyHash({ times, prices: { ETH: [100, 110, 99], BTC: [1, 2, 3] } })
    expect(historyHash({ times, prices: { BTC: [1, 2, 3], ETH: [100, 110, 99] } })).toBe(a)
    expect(historyHash({ times, prices: { ETH: [100, 110, 99.0000001], BTC: [1, 2, 3] } })).not.toBe(a)
    expect(
      historyHash({ times: [DAY, 2 * DAY, 3 * DAY], prices: { ETH: [100, 110, 99], BTC: [1, 2, 3] } }),
    ).not.toBe(a)
    expect(a).toMatch(/^[0-9a-f]{64}$/)
  })
})
