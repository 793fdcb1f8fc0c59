import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf'
import { InvalidBacktestInputError } from './errors.js'
import { xlog } from './log-likelihood.js'

/** Return type of {@link christoffersenIndependence}. */
export type ChristoffersenIndependenceReturnType = {
  /** Likelihood ratio, χ²(1) under independence. */
  statistic: number
  /** P(χ²(1) ≥ statistic): small values mean exceptions cluster. */
  pValue: number
  /** Transition counts: `n01` = a covered period followed by an exception, and so on. */
  transitions: { n00: number; n01: number; n10: number; n11: number }
}

/**
 * Christoffersen's (1998) independence test: whether an exception makes the next one more likely
 * (clustering, which a margin that follows the market should avoid). With π₀ = n01/(n00+n01),
 * π₁ = n11/(n10+n11), π = (n01+n11)/N:
 * `LR = −2 ln[(1−π)^{n00+n10} π^{n01+n11}] + 2 ln[(1−π₀)^{n00} π₀^{n01} (1−π₁)^{n10} π₁^{n11}]`, χ²(1).
 *
 * @example
 * christoffersenIndependence([false, false, true, true, false, false, false, true, false, false]).statistic // 0
 */
export function christoffersenIndependence(
  exceptions: readonly boolean[],
): ChristoffersenIndependenceReturnType {
  if (exceptions.length < 2)
    throw new InvalidBacktestInputError('the independence test needs at least 2 observations')
  const transitions = { n00: 0, n01: 0, n10: 0, n11: 0 }
  for (let t = 1; t < exceptions.length; t++) {
    const key = `n${exceptions[t - 1] ? 1 : 0}${exceptions[t] ? 1 : 0}` as keyof typeof transitions
    transitions[key]++
  }
  const { n00, n01, n10, n11 } = transitions
  const total = n00 + n01 + n10 + n11
  const pi = (n01 + n11) / total
  const pi0 = n00 + n01 > 0 ? n01 / (n00 + n01) : 0
  const pi1 = n10 + n11 > 0 ? n11 / (n10 + n11) : 0
  const restricted = xlog(n00 + n10, 1 - pi) + xlog(n01 + n11, pi)
  const unrestricted = xlog(n00, 1 - pi0) + xlog(n01, pi0) + xlog(n10, 1 - pi1) + xlog(n11, pi1)
  const statistic = Math.max(0, -2 * (restricted - unrestricted))
  return { statistic, pValue: 1 - chisquareCdf(statistic, 1), transitions }
}
