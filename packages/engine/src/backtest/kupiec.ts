import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf'
import { InvalidBacktestInputError } from './errors.js'
import { xlog } from './log-likelihood.js'

/** Parameters of {@link kupiecPof}. */
export type KupiecPofParameters = {
  observations: number
  exceptions: number
  /** Coverage the margin targets (0.99: an exception is expected 1% of the time). */
  confidence: number
}

/** Return type of {@link kupiecPof}. */
export type KupiecPofReturnType = {
  /** Likelihood ratio, χ²(1) under the null hypothesis that the exception rate is 1 − confidence. */
  statistic: number
  /** P(χ²(1) ≥ statistic): small values reject the margin's coverage. */
  pValue: number
  /** Observed exception rate. */
  rate: number
  /** Expected exception rate, 1 − confidence. */
  expectedRate: number
}

/**
 * Kupiec's (1995) proportion-of-failures test: `LR = −2 ln[(1−p)^{n−x} p^x] + 2 ln[(1−x/n)^{n−x} (x/n)^x]`
 * with p = 1 − confidence, compared with χ²(1) (3.841 at 95%). The χ² CDF is stdlib's.
 *
 * @example
 * kupiecPof({ observations: 250, exceptions: 10, confidence: 0.99 }).statistic // ≈ 12.956 (rejects)
 */
export function kupiecPof(parameters: KupiecPofParameters): KupiecPofReturnType {
  const { observations: n, exceptions: x, confidence } = parameters
  if (!Number.isInteger(n) || n <= 0)
    throw new InvalidBacktestInputError(`observations must be a positive integer, got ${n}`)
  if (!Number.isInteger(x) || x < 0 || x > n)
    throw new InvalidBacktestInputError(`exceptions must be in [0, ${n}], got ${x}`)
  if (!(confidence > 0 && confidence < 1))
    throw new InvalidBacktestInputError(`confidence must be in (0, 1), got ${confidence}`)
  const p = 1 - confidence
  const rate = x / n
  const statistic = Math.max(
    0,
    -2 * (xlog(n - x, 1 - p) + xlog(x, p) - xlog(n - x, 1 - rate) - xlog(x, rate)),
  )
  return { statistic, pValue: 1 - chisquareCdf(statistic, 1), rate, expectedRate: p }
}
