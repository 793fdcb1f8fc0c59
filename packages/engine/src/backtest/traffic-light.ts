import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf'
import { InvalidBacktestInputError } from './errors.js'

/** Basel traffic-light zone. */
export type TrafficLightZone = 'green' | 'yellow' | 'red'

/** Parameters of {@link baselTrafficLight}. */
export type BaselTrafficLightParameters = {
  observations: number
  exceptions: number
  confidence: number
}

/** Return type of {@link baselTrafficLight}. */
export type BaselTrafficLightReturnType = {
  zone: TrafficLightZone
  /** P(X ≤ exceptions) for X ~ Binomial(observations, 1 − confidence). */
  cumulativeProbability: number
  /**
   * Basel's increase of the scaling factor (Table 2), defined for 250 observations at 99% only;
   * `null` otherwise.
   */
  plusFactor: number | null
}

/** Basel Committee (1996), Table 2: plus factor for 0..10+ exceptions in 250 days at 99%. */
const plusFactors = [0, 0, 0, 0, 0, 0.4, 0.5, 0.65, 0.75, 0.85, 1] as const

/**
 * Basel Committee (1996), "Supervisory framework for the use of 'backtesting' in conjunction with
 * the internal models approach to market risk capital requirements": the zone from the cumulative
 * binomial probability of the number of exceptions under the model's coverage — green below 95%,
 * yellow from 95% to below 99.99%, red from 99.99%. For 250 observations at 99% that is green 0–4,
 * yellow 5–9, red 10 or more.
 *
 * @example
 * baselTrafficLight({ observations: 250, exceptions: 5, confidence: 0.99 })
 * // { zone: 'yellow', cumulativeProbability: 0.9588..., plusFactor: 0.4 }
 */
export function baselTrafficLight(parameters: BaselTrafficLightParameters): BaselTrafficLightReturnType {
  const { observations: n, exceptions: x, confidence } = parameters
  if (!Number.isInteger(n) || n <= 0)
    throw new InvalidBacktestInputError(`observations must be a positive integer, got ${n}`)
  if (!Number.isInteger(x) || x < 0 || x > n)
    throw new InvalidBacktestInputError(`exceptions must be in [0, ${n}], got ${x}`)
  if (!(confidence > 0 && confidence < 1))
    throw new InvalidBacktestInputError(`confidence must be in (0, 1), got ${confidence}`)
  const cumulativeProbability = binomialCdf(x, n, 1 - confidence)
  const zone: TrafficLightZone =
    cumulativeProbability < 0.95 ? 'green' : cumulativeProbability < 0.9999 ? 'yellow' : 'red'
  const plusFactor = n === 250 && confidence === 0.99 ? plusFactors[Math.min(x, 10)]! : null
  return { zone, cumulativeProbability, plusFactor }
}
