import normalQuantile from '@stdlib/stats-base-dists-normal-quantile'

/** Parameters of {@link scanRange}. */
export type ScanRangeParameters = {
  /** Standard deviation of one period's log return (daily σ). */
  periodVolatility: number
  /** One-tailed confidence level in (0.5, 1), e.g. 0.99. */
  confidence: number
  /** Margin period of risk in periods (days): the time to close out a defaulter's book. */
  marginPeriod: number
}

/**
 * Parametric scan range: the `confidence` quantile of a normal move over the margin period of
 * risk, `z_c · σ · √MPOR`, as a fraction of spot, capped at 1 (the engine shocks spot by ±scan, so
 * a scan above 1 would price below 0). The square-root-of-time rule assumes independent returns,
 * as SPAN's price scan range and EMIR RTS 153/2013 art. 24–26 (confidence, MPOR) do.
 *
 * @example
 * scanRange({ periodVolatility: 0.02, confidence: 0.99, marginPeriod: 2 }) // 2.3263·0.02·√2 ≈ 0.0658
 */
export function scanRange(parameters: ScanRangeParameters): number {
  const { periodVolatility, confidence, marginPeriod } = parameters
  return Math.min(1, normalQuantile(confidence, 0, 1) * periodVolatility * Math.sqrt(marginPeriod))
}
