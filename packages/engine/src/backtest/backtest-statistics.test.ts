import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { backtestStatistics } from './backtest-statistics.js'
import { christoffersenIndependence } from './christoffersen.js'
import { countExceptions } from './count-exceptions.js'
import { InvalidBacktestInputError } from './errors.js'
import { kupiecPof } from './kupiec.js'
import { baselTrafficLight } from './traffic-light.js'

/**
 * Basel Committee on Banking Supervision (1996), "Supervisory framework for the use of
 * 'backtesting'…", Table 2: 250 observations at 99% — zone, plus factor and cumulative probability
 * (in percent, as published to two decimals) for 0..10 exceptions.
 */
const baselTable = [
  [0, 'green', 0, 8.11],
  [1, 'green', 0, 28.58],
  [2, 'green', 0, 54.32],
  [3, 'green', 0, 75.81],
  [4, 'green', 0, 89.22],
  [5, 'yellow', 0.4, 95.88],
  [6, 'yellow', 0.5, 98.63],
  [7, 'yellow', 0.65, 99.6],
  [8, 'yellow', 0.75, 99.89],
  [9, 'yellow', 0.85, 99.97],
  [10, 'red', 1, 99.99],
] as const

describe('baselTrafficLight()', () => {
  it.each(baselTable)(
    '%i exceptions in 250 days at 99%% is %s (plus factor %f, cumulative %f%%)',
    (x, zone, plus, cumulative) => {
      const result = baselTrafficLight({ observations: 250, exceptions: x, confidence: 0.99 })
      expect(result.zone).toBe(zone)
      expect(result.plusFactor).toBe(plus)
      expect(Math.round(result.cumulativeProbability * 10_000) / 100).toBe(cumulative)
    },
  )

  it('stays red above 10 exceptions and has no plus factor outside 250 days at 99%', () => {
    expect(baselTrafficLight({ observations: 250, exceptions: 25, confidence: 0.99 })).toMatchObject({
      zone: 'red',
      plusFactor: 1,
    })
    expect(baselTrafficLight({ observations: 500, exceptions: 2, confidence: 0.99 }).plusFactor).toBeNull()
  })
})

describe('kupiecPof()', () => {
  it('gives p-values on the published χ²(1) critical values (3.841 at 95%, 6.635 at 99%)', () => {
    expect(1 - chisquareCdf(3.841459, 1)).toBeCloseTo(0.05, 6)
    expect(1 - chisquareCdf(6.634897, 1)).toBeCloseTo(0.01, 6)
    expect(1 - chisquareCdf(5.991465, 2)).toBeCloseTo(0.05, 6)
  })

  it("matches Jorion's non-rejection regions at 95% for p = 1% (Value at Risk, 3rd ed., table 6-3)", () => {
    // T = 255: N < 7; T = 510: 1 < N < 11; T = 1000: 4 < N < 17.
    const rejects = (n: number, x: number) =>
      kupiecPof({ observations: n, exceptions: x, confidence: 0.99 }).pValue < 0.05
    expect([6, 7].map((x) => rejects(255, x))).toEqual([false, true])
    expect([1, 2, 10, 11].map((x) => rejects(510, x))).toEqual([true, false, false, true])
    expect([4, 5, 16, 17].map((x) => rejects(1000, x))).toEqual([true, false, false, true])
  })

  it('has the statistic worked by hand for 10 exceptions in 250 days at 99%', () => {
    // −2[240 ln 0.99 + 10 ln 0.01] + 2[240 ln 0.96 + 10 ln 0.04]
    const expected =
      -2 * (240 * Math.log(0.99) + 10 * Math.log(0.01)) + 2 * (240 * Math.log(0.96) + 10 * Math.log(0.04))
    expect(kupiecPof({ observations: 250, exceptions: 10, confidence: 0.99 }).statistic).toBeCloseTo(
      expected,
      12,
    )
    expect(expected).toBeCloseTo(12.9555, 4)
    // No exception: only the first term, −2·250·ln 0.99 ≈ 5.025.
    expect(kupiecPof({ observations: 250, exceptions: 0, confidence: 0.99 }).statistic).toBeCloseTo(
      -500 * Math.log(0.99),
      12,
    )
  })

  it('is 0 (p-value 1) when the exception rate equals its target, and never negative (property)', () => {
    expect(kupiecPof({ observations: 200, exceptions: 2, confidence: 0.99 })).toMatchObject({
      statistic: 0,
      pValue: 1,
    })
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, share) => {
          const result = kupiecPof({ observations: n, exceptions: Math.floor(share * n), confidence: 0.99 })
          expect(result.statistic).toBeGreaterThanOrEqual(0)
          expect(result.pValue).toBeGreaterThanOrEqual(0)
          expect(result.pValue).toBeLessThanOrEqual(1)
        },
      ),
    )
  })
})

describe('christoffersenIndependence()', () => {
  it('is 0 when the chance of an exception does not depend on the day before', () => {
    // n00 = 4, n01 = 2, n10 = 2, n11 = 1: π₀ = π₁ = 1/3.
    const result = christoffersenIndependence([
      false,
      false,
      true,
      true,
      false,
      false,
      false,
      true,
      false,
      false,
    ])
    expect(result.transitions).toEqual({ n00: 4, n01: 2, n10: 2, n11: 1 })
    expect(result.statistic).toBeCloseTo(0, 12)
    expect(result.pValue).toBeCloseTo(1, 12)
  })

  it('has the statistic worked by hand for clustered exceptions', () => {
    // n00 = 5, n01 = 1, n10 = 1, n11 = 2: π₀ = 1/6, π₁ = 2/3, π = 1/3.
    const result = christoffersenIndependence([
      false,
      false,
      false,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
    ])
    expect(result.transitions).toEqual({ n00: 5, n01: 1, n10: 1, n11: 2 })
    const restricted = 6 * Math.log(2 / 3) + 3 * Math.log(1 / 3)
    const unrestricted = 5 * Math.log(5 / 6) + Math.log(1 / 6) + Math.log(1 / 3) + 2 * Math.log(2 / 3)
    expect(result.statistic).toBeCloseTo(-2 * (restricted - unrestricted), 12)
    expect(result.statistic).toBeCloseTo(2.231436, 6)
  })
})

describe('countExceptions() and backtestStatistics()', () => {
  it('counts a loss above the margin as an exception, a loss equal to it as covered', () => {
    expect(countExceptions({ pnl: [-5, 3, -12, -10], margin: [10, 10, 10, 10] })).toEqual({
      exceptions: [false, false, true, false],
      count: 1,
      observations: 4,
      coverage: 0.75,
    })
  })

  it('refuses series of different lengths, a negative margin and no data', () => {
    expect(() => countExceptions({ pnl: [1], margin: [] })).toThrow(InvalidBacktestInputError)
    expect(() => countExceptions({ pnl: [1], margin: [-1] })).toThrow(/margin\[0\]/)
    expect(() => countExceptions({ pnl: [], margin: [] })).toThrow(/no observations/)
  })

  it('puts the pieces together: 250 days with 7 exceptions is yellow, Kupiec and conditional coverage', () => {
    const pnl = Array.from({ length: 250 }, (_, t) => (t % 40 === 5 ? -150 : -50))
    const margin = pnl.map(() => 100)
    const stats = backtestStatistics({ pnl, margin, confidence: 0.99 })
    expect(stats).toMatchObject({
      observations: 250,
      exceptions: 7,
      exceptionIndices: [5, 45, 85, 125, 165, 205, 245],
    })
    expect(stats.trafficLight.zone).toBe('yellow')
    expect(stats.kupiec.statistic).toBeCloseTo(
      kupiecPof({ observations: 250, exceptions: 7, confidence: 0.99 }).statistic,
      15,
    )
    expect(stats.conditionalCoverage.statistic).toBeCloseTo(
      stats.kupiec.statistic + stats.christoffersen.statistic,
      15,
    )
    expect(stats.conditionalCoverage.pValue).toBeCloseTo(
      1 - chisquareCdf(stats.conditionalCoverage.statistic, 2),
      15,
    )
  })
})
