import { buildCorrelationMatrix, choleskyDecompose, defaultRiskParameters } from '@xmargin/core'
import { describe, expect, it } from 'vitest'
import { historyUntil, historyWindow, seededHistory } from '../testing/price-paths.js'
import { calibrateRiskParameters } from './calibrate-risk-parameters.js'
import { defaultCalibrationSettings } from './calibration-settings.js'
import { InvalidCalibrationSettingsError, InvalidPriceHistoryError } from './errors.js'
import { scanRange } from './scan-range.js'

const history = seededHistory({
  seed: 7,
  regimes: [
    { days: 200, vol: 0.02 },
    { days: 10, vol: 0.12, drift: -0.04 },
    { days: 90, vol: 0.03, drift: 0.005 },
  ],
})
const now = history.times[history.times.length - 1]!

describe('calibrateRiskParameters()', () => {
  it('sets each factor from its EWMA volatility blended 75/25 with its stressed peak (EMIR art. 28(1)(b))', () => {
    // The static floor off: (b) alone (the floor's own test is below).
    const calm = calibrateRiskParameters({
      history: historyUntil(history, 200),
      base: defaultRiskParameters,
      now,
      settings: { staticFloor: 0 },
    })
    const eth = calm.factors.find((f) => f.factor === 'ETH')!
    expect(eth.blendedPeriodVolatility).toBeCloseTo(
      Math.sqrt(0.75 * eth.periodVolatility ** 2 + 0.25 * eth.stressedPeriodVolatility ** 2),
      15,
    )
    expect(eth.scanRange).toBeCloseTo(
      scanRange({ periodVolatility: eth.blendedPeriodVolatility, confidence: 0.99, marginPeriod: 2 }),
      15,
    )
    expect(eth.volatility).toBeCloseTo(eth.blendedPeriodVolatility * Math.sqrt(365), 15)
    expect(calm.parameters.factors.ETH!.scan).toBe(eth.scanRange)
    // Daily vol 2% in the seeded calm regime: the estimate lands near it.
    expect(eth.periodVolatility).toBeGreaterThan(0.012)
    expect(eth.periodVolatility).toBeLessThan(0.03)
    // Seeded ETH–BTC correlation 0.8.
    const rho = calm.correlations.find(([a, b]) => a === 'BTC' && b === 'ETH')![2]
    expect(rho).toBeGreaterThan(0.65)
    expect(rho).toBeLessThan(0.92)
  })

  it('raises scan ranges on the calibration after a crash, and the fall cap spreads their fall', () => {
    // The static floor off, so the calm scans are the realised ones (the floor's own test is below).
    const settings = { staticFloor: 0 }
    const before = calibrateRiskParameters({
      history: historyWindow(history, 0, 200),
      base: defaultRiskParameters,
      now,
      settings,
    })
    const after = calibrateRiskParameters({
      history: historyWindow(history, 10, 211),
      base: defaultRiskParameters,
      now,
      previous: before,
      settings,
    })
    const scan = (c: typeof before, f: string) => c.parameters.factors[f]!.scan
    expect(scan(after, 'ETH')).toBeGreaterThan(1.5 * scan(before, 'ETH'))
    expect(scan(after, 'BTC')).toBeGreaterThan(1.5 * scan(before, 'BTC'))
    // Rolling 60-day windows, recalibrated every 5 days: when the crash leaves the look-back its
    // stressed peak goes with it and the raw scan drops at once, but no step falls more than 10%.
    let previous = after
    let capped = 0
    for (let end = 215; end <= 300; end += 5) {
      const next = calibrateRiskParameters({
        history: historyWindow(history, end - 60, end),
        base: defaultRiskParameters,
        now,
        previous,
        settings,
      })
      for (const f of ['ETH', 'BTC']) {
        expect(scan(next, f)).toBeGreaterThanOrEqual(0.9 * scan(previous, f) - 1e-15)
      }
      capped += next.factors.filter((f) => f.capped.includes('scan')).length
      previous = next
    }
    // The cap bound on some steps (the raw scan fell faster than 10% a day there).
    expect(capped).toBeGreaterThan(0)
  })

  it('holds scan ranges and realised volatilities at the static ones (EMIR art. 28(1)(c), the default), and says so', () => {
    const calm = calibrateRiskParameters({
      history: historyWindow(history, 0, 200),
      base: defaultRiskParameters,
      now,
    })
    const bare = calibrateRiskParameters({
      history: historyWindow(history, 0, 200),
      base: defaultRiskParameters,
      now,
      settings: { staticFloor: 0 },
    })
    for (const f of ['ETH', 'BTC'] as const) {
      const base = defaultRiskParameters.factors[f]!
      // The calm realised scan is below the static one; the floor lifts it to exactly the static one.
      expect(bare.parameters.factors[f]!.scan).toBeLessThan(base.scan)
      expect(calm.parameters.factors[f]!.scan).toBe(base.scan)
      expect(calm.parameters.factors[f]!.volatility).toBe(base.volatility)
      expect(calm.factors.find((c) => c.factor === f)!.floored).toEqual(['scan', 'volatility'])
    }
    // After the crash the realised scans are above the static ones: nothing floored.
    const crash = calibrateRiskParameters({
      history: historyWindow(history, 10, 211),
      base: defaultRiskParameters,
      now,
    })
    for (const f of ['ETH', 'BTC'] as const) {
      expect(crash.parameters.factors[f]!.scan).toBeGreaterThan(defaultRiskParameters.factors[f]!.scan)
      expect(crash.factors.find((c) => c.factor === f)!.floored).not.toContain('scan')
    }
    // A share of the static set: half of it.
    const half = calibrateRiskParameters({
      history: historyWindow(history, 0, 200),
      base: defaultRiskParameters,
      now,
      settings: { staticFloor: 0.5 },
    })
    expect(half.parameters.factors.ETH!.scan).toBe(
      Math.max(bare.parameters.factors.ETH!.scan, 0.5 * defaultRiskParameters.factors.ETH!.scan),
    )
  })

  it('has a content-hash id: same inputs same id, whatever the key order or the time; other inputs another id', () => {
    const a = calibrateRiskParameters({
      history: historyUntil(history, 100),
      base: defaultRiskParameters,
      now,
    })
    const b = calibrateRiskParameters({
      history: {
        times: historyUntil(history, 100).times,
        prices: { ETH: history.prices.ETH!.slice(0, 100), BTC: history.prices.BTC!.slice(0, 100) },
      },
      base: defaultRiskParameters,
      now: now + 1,
    })
    expect(b.id).toBe(a.id)
    expect(b.createdAt).toBe(a.createdAt + 1)
    expect(a.id).toMatch(/^[0-9a-f]{64}$/)
    const c = calibrateRiskParameters({
      history: historyUntil(history, 101),
      base: defaultRiskParameters,
      now,
    })
    expect(c.id).not.toBe(a.id)
    const d = calibrateRiskParameters({
      history: historyUntil(history, 100),
      base: defaultRiskParameters,
      now,
      settings: { lambda: 0.97 },
    })
    expect(d.id).not.toBe(a.id)
    expect(a.window).toEqual({ from: history.times[0], to: history.times[99], observations: 100 })
  })

  it('keeps factors without history static and names them; the merged correlation matrix is PSD', () => {
    const calibration = calibrateRiskParameters({
      history: historyUntil(history, 100),
      base: defaultRiskParameters,
      now,
    })
    expect(calibration.inputs.staticFactors).toEqual(['ARB', 'USD'])
    expect(calibration.parameters.factors.USD).toEqual(defaultRiskParameters.factors.USD)
    const factors = Object.keys(calibration.parameters.factors).sort()
    expect(
      choleskyDecompose(buildCorrelationMatrix({ factors, correlations: calibration.correlations })).ok,
    ).toBe(true)
  })

  it('takes a configured implied vol and the base vol shocks; realised factors get shocks from the vol of vol', () => {
    const calibration = calibrateRiskParameters({
      history: historyUntil(history, 100),
      base: defaultRiskParameters,
      now,
      settings: { impliedVolatility: { ETH: 0.65 } },
    })
    const eth = calibration.parameters.factors.ETH!
    expect(eth).toMatchObject({
      volatility: 0.65,
      volUp: defaultRiskParameters.factors.ETH!.volUp,
      volDown: defaultRiskParameters.factors.ETH!.volDown,
    })
    expect(calibration.factors.find((f) => f.factor === 'ETH')!.volatilitySource).toBe('implied')
    const btc = calibration.factors.find((f) => f.factor === 'BTC')!
    expect(btc.volatilitySource).toBe('realised')
    expect(btc.volUp).toBeGreaterThan(0)
    expect(btc.volDown).toBeGreaterThan(0)
    expect(btc.volDown).toBeLessThan(1)
  })

  it('refuses a factor the risk parameters do not know and bad settings', () => {
    const unknown = { times: history.times.slice(0, 3), prices: { DOGE: [1, 2, 3] } }
    expect(() => calibrateRiskParameters({ history: unknown, base: defaultRiskParameters, now })).toThrow(
      InvalidPriceHistoryError,
    )
    const base = { history: historyUntil(history, 10), base: defaultRiskParameters, now }
    expect(() => calibrateRiskParameters({ ...base, settings: { lambda: 1 } })).toThrow(
      InvalidCalibrationSettingsError,
    )
    expect(() => calibrateRiskParameters({ ...base, settings: { stressedWeight: 0.1 } })).toThrow(/art. 28/)
    expect(() => calibrateRiskParameters({ ...base, settings: { impliedVolatility: { SOL: 0.8 } } })).toThrow(
      /impliedVolatility.SOL/,
    )
    expect(defaultCalibrationSettings.lambda).toBe(0.94)
  })
})
