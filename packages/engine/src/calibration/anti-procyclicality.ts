/**
 * Anti-procyclicality (APC), EMIR RTS 153/2013 art. 28(1). Of its three options —
 * (a) a buffer of at least 25% of calculated margin, released in stress; (b) at least 25% weight
 * on stressed observations of the look-back period; (c) margin not below what volatility over a
 * 10-year look-back gives — xmargin applies (b) and (c):
 * - (b) uses only the look-back window the calibration already has, so the parameter set stays a
 *   pure function of its inputs (and its content hash identifies it); it lifts parameters towards
 *   the look-back's stressed level, which damps the fall after a crash — but only for stress already
 *   in the window: on a crash's first days, parameters calibrated on a calm year are far below it.
 * - (c) covers those days. On-chain feeds (and the devnet) hold a year of prices at best, not ten,
 *   so the long-run level comes from the config: its static parameters, set at long-run stressed
 *   volatility (ETH's 15% scan at 99% over 2 days is a 4.6% daily σ, about 88% a year, near ETH's
 *   realised volatility over 2016–2025), are the floor (`staticFloor`, a share of them, 1 by default).
 *   A dynamic set then only adds margin to the static one: more in stress, never less in calm.
 * - (a) carries state between calibrations (how much buffer is left, when it may be released) and
 *   a governance decision to release it, so a calibration would no longer follow from its inputs.
 * The stressed level of a variance is its peak over the look-back (the EWMA estimate at its most
 * stressed date); the blend is on variances, i.e. on the weight the squared stressed returns get.
 */
export const emirStressedWeight = 0.25

/** Parameters of {@link stressedWeightVariance}. */
export type StressedWeightVarianceParameters = {
  /** Current variance estimate. */
  current: number
  /** Stressed variance from the look-back (its peak): not below `current`. */
  stressed: number
  /** Weight of the stressed observations, in [0.25, 1] under EMIR art. 28(1)(b). */
  weight: number
}

/**
 * EMIR art. 28(1)(b): `(1 − w)·current + w·stressed`, on variances. Never below `current` when the
 * stressed level is the look-back's peak (which includes the current estimate).
 *
 * @example
 * stressedWeightVariance({ current: 1e-4, stressed: 9e-4, weight: 0.25 }) // 3e-4
 */
export function stressedWeightVariance(parameters: StressedWeightVarianceParameters): number {
  const { current, stressed, weight } = parameters
  return (1 - weight) * current + weight * stressed
}

/** Parameters of {@link capFall}. */
export type CapFallParameters = {
  /** Newly calibrated value. */
  value: number
  /** The same parameter in the previous calibration; `undefined` on the first one. */
  previous: number | undefined
  /** Largest relative fall per calibration, in [0, 1) (0.1 = a parameter may lose 10% per step). */
  maxFall: number
}

/**
 * Limits how fast a parameter may fall between two calibrations: `max(value, previous·(1 − maxFall))`.
 * Rises are never limited (margin must follow a crash at once); falls are spread over several
 * calibrations, so a calm week after a crash does not release margin in one step (ESMA Guidelines
 * on APC margin measures, 2018, ask CCPs to limit the speed of margin decreases).
 *
 * @example
 * capFall({ value: 0.05, previous: 0.1, maxFall: 0.1 }) // 0.09
 * capFall({ value: 0.2, previous: 0.1, maxFall: 0.1 }) // 0.2
 */
export function capFall(parameters: CapFallParameters): number {
  const { value, previous, maxFall } = parameters
  if (previous === undefined) return value
  return Math.max(value, previous * (1 - maxFall))
}
