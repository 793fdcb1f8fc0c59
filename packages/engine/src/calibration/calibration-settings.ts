import type { FactorId } from '@xmargin/core'
import { emirStressedWeight } from './anti-procyclicality.js'
import { InvalidCalibrationSettingsError } from './errors.js'

/** How a calibration measures the market and turns it into parameters. */
export type CalibrationSettings = {
  /** EWMA decay per period (RiskMetrics 1996: 0.94 for daily returns). */
  lambda: number
  /** One-tailed confidence of the scan range (EMIR RTS 153/2013 art. 24: at least 99% for non-OTC). */
  confidence: number
  /** Margin period of risk in periods (EMIR art. 26: at least 2 business days for non-OTC). */
  marginPeriod: number
  /** Spacing of the price grid in seconds (daily closes: 86,400). */
  periodSeconds: number
  /** Periods per year to annualise volatility (crypto trades every day: 365). */
  periodsPerYear: number
  /** EMIR art. 28(1)(b) weight of stressed observations, in [0.25, 1]. */
  stressedWeight: number
  /**
   * EMIR art. 28(1)(c)-style floor, in [0, 1]: no factor's scan range, nor a realised volatility, below
   * this share of the static parameters' (the `base` of the calibration). 1 by default: the config's
   * static parameters stand for the long-run (10-year) stressed volatility that on-chain history
   * cannot give, so a dynamic set only ever adds margin to the static one. 0 turns the floor off.
   */
  staticFloor: number
  /** Largest relative fall of a factor parameter per calibration, in [0, 1). */
  maxFall: number
  /** Smallest scan range: a series that never moved (a pegged feed) still gets this, in (0, 1]. */
  minScan: number
  /** Smallest annualised volatility, in (0, 10] (the engine needs a positive one for options). */
  minVolatility: number
  /**
   * Configured implied volatility per factor (annualised). A factor listed here takes it as its
   * `volatility` and keeps the base parameters' vol shocks; every other factor gets its volatility
   * and vol shocks from realised vol.
   */
  impliedVolatility: Readonly<Record<FactorId, number>>
}

/**
 * Default settings. λ from RiskMetrics; confidence and MPOR are EMIR's minimum for non-OTC
 * products (99%, 2 days, as the `es` model's horizon); the stressed weight is EMIR's minimum
 * (25%); the 10% fall cap, the 1% scan floor and the 1% volatility floor are stylized choices.
 *
 * @example
 * defaultCalibrationSettings.lambda // 0.94
 */
export const defaultCalibrationSettings: CalibrationSettings = {
  lambda: 0.94,
  confidence: 0.99,
  marginPeriod: 2,
  periodSeconds: 86_400,
  periodsPerYear: 365,
  stressedWeight: emirStressedWeight,
  staticFloor: 1,
  maxFall: 0.1,
  minScan: 0.01,
  minVolatility: 0.01,
  impliedVolatility: {},
}

function check(ok: boolean, setting: string, reason: string): void {
  if (!ok) throw new InvalidCalibrationSettingsError(setting, reason)
}

const inRange = (x: number, low: number, high: number) => Number.isFinite(x) && x >= low && x <= high

/**
 * Merges `overrides` over {@link defaultCalibrationSettings} and validates every value; throws
 * {@link InvalidCalibrationSettingsError} naming the first bad setting. `factors` are the known
 * factor names: an implied volatility for any other name is an error.
 *
 * @example
 * resolveCalibrationSettings({ overrides: { lambda: 0.97 }, factors: ['ETH'] }).lambda // 0.97
 */
export function resolveCalibrationSettings(parameters: {
  overrides?: Partial<CalibrationSettings> | undefined
  factors: readonly FactorId[]
}): CalibrationSettings {
  const s = { ...defaultCalibrationSettings, ...parameters.overrides }
  check(
    inRange(s.lambda, 0, 1) && s.lambda > 0 && s.lambda < 1,
    'lambda',
    `must be in (0, 1), got ${s.lambda}`,
  )
  check(
    inRange(s.confidence, 0.5, 1) && s.confidence > 0.5 && s.confidence < 1,
    'confidence',
    `must be in (0.5, 1), got ${s.confidence}`,
  )
  check(
    inRange(s.marginPeriod, 0, 3650) && s.marginPeriod > 0,
    'marginPeriod',
    `must be > 0, got ${s.marginPeriod}`,
  )
  check(
    Number.isInteger(s.periodSeconds) && s.periodSeconds > 0,
    'periodSeconds',
    `must be a positive integer, got ${s.periodSeconds}`,
  )
  check(inRange(s.periodsPerYear, 1, 1e6), 'periodsPerYear', `must be in [1, 1e6], got ${s.periodsPerYear}`)
  check(
    inRange(s.stressedWeight, emirStressedWeight, 1),
    'stressedWeight',
    `must be in [${emirStressedWeight}, 1] (EMIR RTS 153/2013 art. 28(1)(b)), got ${s.stressedWeight}`,
  )
  check(inRange(s.staticFloor, 0, 1), 'staticFloor', `must be in [0, 1], got ${s.staticFloor}`)
  check(inRange(s.maxFall, 0, 1) && s.maxFall < 1, 'maxFall', `must be in [0, 1), got ${s.maxFall}`)
  check(inRange(s.minScan, 0, 1) && s.minScan > 0, 'minScan', `must be in (0, 1], got ${s.minScan}`)
  check(
    inRange(s.minVolatility, 0, 10) && s.minVolatility > 0,
    'minVolatility',
    `must be in (0, 10], got ${s.minVolatility}`,
  )
  for (const [factor, vol] of Object.entries(s.impliedVolatility)) {
    check(parameters.factors.includes(factor), `impliedVolatility.${factor}`, 'unknown factor')
    check(inRange(vol, 0, 10) && vol > 0, `impliedVolatility.${factor}`, `must be in (0, 10], got ${vol}`)
  }
  return s
}
