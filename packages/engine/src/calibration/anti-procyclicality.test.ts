import { defaultRiskParameters } from '@xmargin/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { seededHistory } from '../testing/price-paths.js'
import { capFall, emirStressedWeight, stressedWeightVariance } from './anti-procyclicality.js'
import { calibrateRiskParameters } from './calibrate-risk-parameters.js'
import { scanRange } from './scan-range.js'

const regime = fc.record({
  days: fc.integer({ min: 5, max: 60 }),
  vol: fc.double({ min: 0.001, max: 0.2, noNaN: true }),
  drift: fc.double({ min: -0.05, max: 0.05, noNaN: true }),
})
const history = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  regimes: fc.array(regime, { minLength: 1, maxLength: 3 }),
})

describe('capFall()', () => {
  it('never lets a value fall more than maxFall below the previous one, and never lowers it (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 10, noNaN: true }),
        fc.option(fc.double({ min: 0, max: 10, noNaN: true }), { nil: undefined }),
        fc.double({ min: 0, max: 0.99, noNaN: true }),
        (value, previous, maxFall) => {
          const capped = capFall({ value, previous, maxFall })
          expect(capped).toBeGreaterThanOrEqual(value)
          if (previous === undefined) expect(capped).toBe(value)
          else expect(capped).toBeGreaterThanOrEqual(previous * (1 - maxFall))
          if (previous !== undefined && value >= previous * (1 - maxFall)) expect(capped).toBe(value)
        },
      ),
    )
  })
})

describe('stressedWeightVariance()', () => {
  it('weights the stressed variance 25% (EMIR RTS 153/2013 art. 28(1)(b))', () => {
    expect(emirStressedWeight).toBe(0.25)
    expect(stressedWeightVariance({ current: 1e-4, stressed: 9e-4, weight: 0.25 })).toBeCloseTo(3e-4, 18)
  })
})

describe('calibrateRiskParameters() anti-procyclicality', () => {
  it('never sets a parameter below its APC floor nor lets one fall faster than the cap (property)', () => {
    fc.assert(
      fc.property(
        history,
        history,
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (first, second, maxFall, staticFloor) => {
          const settings = { maxFall, staticFloor }
          const previous = calibrateRiskParameters({
            history: seededHistory(first),
            base: defaultRiskParameters,
            now: 0,
            settings,
          })
          const next = calibrateRiskParameters({
            history: seededHistory({ ...second, start: 1_800_000_000 - (1_800_000_000 % 86_400) }),
            base: defaultRiskParameters,
            now: 1,
            settings,
            previous,
          })
          expect(next.inputs.previousId).toBe(previous.id)
          for (const factor of next.factors) {
            const {
              periodVolatility: current,
              stressedPeriodVolatility: stressed,
              blendedPeriodVolatility: blended,
            } = factor
            // The APC floor: 25% weight on the look-back's stressed variance, never below the current one.
            expect(stressed).toBeGreaterThanOrEqual(current)
            expect(blended ** 2).toBeCloseTo(0.75 * current ** 2 + 0.25 * stressed ** 2, 12)
            expect(blended ** 2).toBeGreaterThanOrEqual(0.25 * stressed ** 2 * (1 - 1e-12))
            const floor = Math.max(
              0.01,
              scanRange({ periodVolatility: blended, confidence: 0.99, marginPeriod: 2 }),
            )
            expect(factor.scanRange).toBeGreaterThanOrEqual(floor)
            expect(factor.volatility).toBeGreaterThanOrEqual(
              Math.min(10, Math.max(0.01, blended * Math.sqrt(365))) * (1 - 1e-12),
            )
            // The static floor (art. 28(1)(c)): never below that share of the static scan and volatility.
            const base = defaultRiskParameters.factors[factor.factor]!
            expect(factor.scanRange).toBeGreaterThanOrEqual(staticFloor * base.scan)
            expect(factor.volatility).toBeGreaterThanOrEqual(staticFloor * base.volatility)
            // The fall cap, on every factor parameter.
            const before = previous.parameters.factors[factor.factor]!
            const after = next.parameters.factors[factor.factor]!
            for (const key of ['scan', 'volatility', 'volUp', 'volDown'] as const) {
              expect(after[key]).toBeGreaterThanOrEqual(before[key] * (1 - maxFall))
            }
          }
        },
      ),
      { numRuns: 150, seed: 2026 },
    )
  })
})
