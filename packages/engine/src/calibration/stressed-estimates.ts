import { stressedWeightVariance } from './anti-procyclicality.js'
import { covarianceToCorrelation, ewmaCovariances } from './ewma.js'

/** Parameters of {@link stressedEstimates}. */
export type StressedEstimatesParameters = {
  /** Log returns per factor (same length). */
  returns: readonly (readonly number[])[]
  lambda: number
  /** EMIR art. 28(1)(b) weight of the stressed observations. */
  stressedWeight: number
}

/** Per-factor variance estimates of {@link stressedEstimates}. */
export type FactorVarianceEstimate = {
  /** EWMA variance after the last return. */
  current: number
  /** Peak of the EWMA variance over the look-back (after the burn-in). */
  stressed: number
  /** `(1 − w)·current + w·stressed`. */
  blended: number
  /** The same three for the variance of the daily log change of the EWMA volatility (vol of vol). */
  volOfVol: { current: number; stressed: number; blended: number }
}

/** Return type of {@link stressedEstimates}. */
export type StressedEstimatesReturnType = {
  factors: FactorVarianceEstimate[]
  /** `(1 − w)·R_current + w·R_stressed`: a convex blend of two correlation matrices. */
  correlation: number[][]
  /** Index of the return at which the look-back was most stressed (used for `R_stressed`). */
  stressedIndex: number
  /** Estimates before this index are skipped when looking for peaks (≈ 1/(1 − λ) returns). */
  burnIn: number
}

/** Index of the first estimate used for peaks: the EWMA's effective sample size, at most n − 1. */
export function burnInLength(lambda: number, n: number): number {
  return Math.max(0, Math.min(Math.round(1 / (1 - lambda)), n - 1))
}

function blend(current: number, stressed: number, weight: number) {
  return { current, stressed, blended: stressedWeightVariance({ current, stressed, weight }) }
}

/** EWMA variance series of the daily log change of the EWMA volatility, from `burnIn` on. */
function volOfVolSeries(variances: readonly number[], burnIn: number, lambda: number): number[] {
  const changes: number[] = []
  for (let t = Math.max(1, burnIn); t < variances.length; t++) {
    const before = variances[t - 1]!
    const after = variances[t]!
    changes.push(before > 0 && after > 0 ? 0.5 * Math.log(after / before) : 0)
  }
  return ewmaCovariances({ returns: [changes], lambda }).map((c) => c[0]!)
}

/**
 * Current and stressed EWMA estimates of every factor, blended under EMIR art. 28(1)(b): per factor
 * the variance and the vol of vol (stressed = peak over the look-back after a burn-in of
 * ≈ 1/(1 − λ) returns, so the first few noisy estimates cannot be the peak), and the correlation
 * matrix blended with the one at the most stressed date — the date where the sum over factors of
 * variance / that factor's mean variance peaks, so a high-vol factor does not alone pick it.
 *
 * @example
 * const { factors } = stressedEstimates({ returns: [[0.01, -0.02, 0.03]], lambda: 0.5, stressedWeight: 0.25 })
 * factors[0].blended // ≥ factors[0].current
 */
export function stressedEstimates(parameters: StressedEstimatesParameters): StressedEstimatesReturnType {
  const { returns, lambda, stressedWeight } = parameters
  const k = returns.length
  const covariances = ewmaCovariances({ returns, lambda })
  const n = covariances.length
  const burnIn = burnInLength(lambda, n)
  const variance = (t: number, i: number) => covariances[t]![i * k + i]!
  const means = Array.from({ length: k }, (_, i) => {
    let sum = 0
    for (let t = burnIn; t < n; t++) sum += variance(t, i)
    return sum / (n - burnIn)
  })
  let stressedIndex = n - 1
  let worst = -1
  for (let t = burnIn; t < n; t++) {
    let score = 0
    for (let i = 0; i < k; i++) if (means[i]! > 0) score += variance(t, i) / means[i]!
    if (score > worst) {
      worst = score
      stressedIndex = t
    }
  }
  const factors = Array.from({ length: k }, (_, i) => {
    const series = covariances.map((_, t) => variance(t, i))
    let peak = series[n - 1]!
    for (let t = burnIn; t < n; t++) peak = Math.max(peak, series[t]!)
    const vov = volOfVolSeries(series, burnIn, lambda)
    let vovPeak = vov.length ? vov[vov.length - 1]! : 0
    for (const value of vov.slice(burnInLength(lambda, vov.length))) vovPeak = Math.max(vovPeak, value)
    return {
      ...blend(series[n - 1]!, peak, stressedWeight),
      volOfVol: blend(vov.length ? vov[vov.length - 1]! : 0, vovPeak, stressedWeight),
    }
  })
  const current = covarianceToCorrelation(covariances[n - 1]!, k).correlation
  const stressed = covarianceToCorrelation(covariances[stressedIndex]!, k).correlation
  const correlation = current.map((row, i) =>
    row.map((value, j) => (i === j ? 1 : (1 - stressedWeight) * value + stressedWeight * stressed[i]![j]!)),
  )
  return { factors, correlation, stressedIndex, burnIn }
}
