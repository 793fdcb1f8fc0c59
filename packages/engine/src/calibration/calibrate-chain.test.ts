import { defaultRiskParameters } from '@xmargin/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { historyWindow, seededHistory } from '../testing/price-paths.js'
import { calibrateChain } from './calibrate-chain.js'
import { calibrateRiskParameters } from './calibrate-risk-parameters.js'
import type { Calibration } from './calibration.js'
import { InvalidPriceHistoryError } from './errors.js'
import { scanRange } from './scan-range.js'

const keys = ['scan', 'volatility', 'volUp', 'volDown'] as const
const regime = fc.record({
  days: fc.integer({ min: 5, max: 40 }),
  vol: fc.double({ min: 0.001, max: 0.2, noNaN: true }),
  drift: fc.double({ min: -0.05, max: 0.05, noNaN: true }),
})
const path = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  regimes: fc.array(regime, { minLength: 2, maxLength: 4 }),
})

/** Steps where a factor parameter fell faster than `maxFall` from one published set to the next. */
function fastFalls(published: readonly Calibration[], maxFall: number): string[] {
  const falls: string[] = []
  for (let t = 1; t < published.length; t++) {
    for (const [factor, after] of Object.entries(published[t]!.parameters.factors)) {
      const before = published[t - 1]!.parameters.factors[factor]!
      for (const key of keys) {
        if (after[key] < before[key] * (1 - maxFall) * (1 - 1e-12)) falls.push(`${t}:${factor}.${key}`)
      }
    }
  }
  return falls
}

/** The rule the API had: cap against the calibration one period earlier, itself uncapped. */
function cappedAgainstUncapped(history: ReturnType<typeof seededHistory>, window: number, maxFall: number) {
  const out: Calibration[] = []
  for (let end = window + 1; end <= history.times.length; end++) {
    const settings = { maxFall }
    const yesterday = calibrateRiskParameters({
      history: historyWindow(history, end - window - 1, end - 1),
      base: defaultRiskParameters,
      settings,
      now: 0,
    })
    out.push(
      calibrateRiskParameters({
        history: historyWindow(history, end - window, end),
        base: defaultRiskParameters,
        settings,
        previous: yesterday,
        now: 0,
      }),
    )
  }
  return out
}

describe('calibrateChain()', () => {
  it('publishes no scan range (nor any factor parameter) falling faster than the cap from one period to the next, none below its APC floor (property)', () => {
    fc.assert(
      fc.property(
        path,
        fc.integer({ min: 10, max: 40 }),
        fc.double({ min: 0.01, max: 0.5, noNaN: true }),
        (p, window, maxFall) => {
          const history = seededHistory(p)
          fc.pre(history.times.length > window + 1)
          const chain = calibrateChain({
            history,
            window,
            base: defaultRiskParameters,
            settings: { maxFall },
          })
          expect(chain).toHaveLength(history.times.length - window + 1)
          expect(chain[0]!.inputs.previousId).toBeNull()
          for (let t = 1; t < chain.length; t++) expect(chain[t]!.inputs.previousId).toBe(chain[t - 1]!.id)
          expect(fastFalls(chain, maxFall)).toEqual([])
          for (const node of chain) {
            for (const factor of node.factors) {
              // The APC floor: 25% weight on the look-back's stressed variance (EMIR art. 28(1)(b)).
              const { periodVolatility: current, stressedPeriodVolatility: stressed } = factor
              const floorVolatility = Math.sqrt(0.75 * current ** 2 + 0.25 * stressed ** 2)
              const floor = Math.max(
                0.01,
                scanRange({ periodVolatility: floorVolatility, confidence: 0.99, marginPeriod: 2 }),
              )
              expect(factor.scanRange).toBeGreaterThanOrEqual(floor * (1 - 1e-12))
              expect(node.parameters.factors[factor.factor]!.scan).toBe(factor.scanRange)
            }
          }
        },
      ),
      { numRuns: 60, seed: 2026 },
    )
  })

  it('bounds the published path where the old rule (cap against an uncapped calibration one period earlier) did not', () => {
    // A crash leaving a 30-day look-back: the raw scan drops several periods in a row.
    const history = seededHistory({
      seed: 11,
      regimes: [
        { days: 40, vol: 0.02 },
        { days: 6, vol: 0.15, drift: -0.05 },
        { days: 60, vol: 0.015 },
      ],
    })
    const old = cappedAgainstUncapped(history, 30, 0.1)
    expect(fastFalls(old, 0.1).length).toBeGreaterThan(0)
    const chain = calibrateChain({
      history,
      window: 30,
      base: defaultRiskParameters,
      settings: { maxFall: 0.1 },
    })
    expect(fastFalls(chain, 0.1)).toEqual([])
    expect(chain.some((c) => c.factors.some((f) => f.capped.includes('scan')))).toBe(true)
  })

  it('gives the same chain with a memo, and a chain one period longer costs one calibration', () => {
    const history = seededHistory({ seed: 3, regimes: [{ days: 50, vol: 0.03 }] })
    const memo = new Map<string, Calibration>()
    const base = defaultRiskParameters
    const plain = calibrateChain({ history: historyWindow(history, 0, 45), window: 20, base })
    const first = calibrateChain({ history: historyWindow(history, 0, 45), window: 20, base, memo })
    expect(first.map((c) => c.id)).toEqual(plain.map((c) => c.id))
    expect(memo.size).toBe(26)
    const longer = calibrateChain({ history: historyWindow(history, 0, 46), window: 20, base, memo })
    expect(memo.size).toBe(27)
    expect(longer.slice(0, 26).map((c) => c.id)).toEqual(plain.map((c) => c.id))
    // Other settings are other nodes, never a cached one.
    const other = calibrateChain({
      history: historyWindow(history, 0, 45),
      window: 20,
      base,
      memo,
      settings: { maxFall: 0.2 },
    })
    expect(other.at(-1)!.id).not.toBe(plain.at(-1)!.id)
  })

  it('refuses a window outside [3, observations]', () => {
    const history = seededHistory({ seed: 3, regimes: [{ days: 10, vol: 0.03 }] })
    expect(() => calibrateChain({ history, window: 12, base: defaultRiskParameters })).toThrow(
      InvalidPriceHistoryError,
    )
    expect(() => calibrateChain({ history, window: 2, base: defaultRiskParameters })).toThrow(/window/)
  })
})
