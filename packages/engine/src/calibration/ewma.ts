/** Parameters of {@link ewmaCovariances}. */
export type EwmaCovariancesParameters = {
  /** One return series per factor, all the same length (log returns, one per period). */
  returns: readonly (readonly number[])[]
  /** Decay factor λ in (0, 1): the weight of an observation one period older (RiskMetrics: 0.94 daily). */
  lambda: number
}

/**
 * Return type of {@link ewmaCovariances}: the EWMA covariance matrix after each return,
 * `covariances[t]` row-major k×k (`[i * k + j]`).
 */
export type EwmaCovariancesReturnType = Float64Array[]

/**
 * RiskMetrics exponentially weighted covariances with zero mean, normalised on the finite sample:
 * after t returns, `C_t = Σ_{s≤t} λ^{t−s} r_s r_sᵀ / Σ_{s≤t} λ^{t−s}`. Computed by the recursion
 * `S_t = λ·S_{t−1} + r_t r_tᵀ`, `W_t = λ·W_{t−1} + 1`, `C_t = S_t / W_t`, so no seed value has to
 * be chosen (the first estimate is `r_1 r_1ᵀ`) and the weights of every estimate sum to 1.
 * Each `C_t` is a weighted sum of outer products, hence positive semi-definite.
 *
 * (RiskMetrics Technical Document, 4th ed., 1996, §5.2.1, eq. 5.1 and 5.3; the normalisation by
 * `W_t` is the finite-sample form of the (1 − λ) factor.)
 *
 * @example
 * const [, , last] = ewmaCovariances({ returns: [[0.01, -0.02, 0.03]], lambda: 0.5 })
 * last[0] // (0.25·1e-4 + 0.5·4e-4 + 9e-4) / 1.75 ≈ 6.4286e-4
 */
export function ewmaCovariances(parameters: EwmaCovariancesParameters): EwmaCovariancesReturnType {
  const { returns, lambda } = parameters
  const k = returns.length
  const n = k === 0 ? 0 : returns[0]!.length
  const sums = new Float64Array(k * k)
  const out: Float64Array[] = []
  let weight = 0
  for (let t = 0; t < n; t++) {
    weight = lambda * weight + 1
    const covariance = new Float64Array(k * k)
    for (let i = 0; i < k; i++) {
      const ri = returns[i]![t]!
      for (let j = i; j < k; j++) {
        const index = i * k + j
        const sum = lambda * sums[index]! + ri * returns[j]![t]!
        sums[index] = sum
        covariance[index] = sum / weight
        covariance[j * k + i] = sum / weight
      }
    }
    out.push(covariance)
  }
  return out
}

/** Return type of {@link covarianceToCorrelation}. */
export type CovarianceToCorrelationReturnType = {
  /** Standard deviation per factor (per period). */
  volatilities: number[]
  /** Correlation matrix, unit diagonal; 0 off the diagonal for a factor with zero variance. */
  correlation: number[][]
}

/**
 * Splits a k×k covariance (row-major) into standard deviations and a correlation matrix. A factor
 * whose variance is 0 (a price that never moved in the window, e.g. a pegged feed) has no defined
 * correlation: its row and column are 0 off the diagonal, which keeps the matrix PSD.
 *
 * @example
 * covarianceToCorrelation(Float64Array.from([4, 1, 1, 1]), 2)
 * // { volatilities: [2, 1], correlation: [[1, 0.5], [0.5, 1]] }
 */
export function covarianceToCorrelation(
  covariance: Float64Array,
  k: number,
): CovarianceToCorrelationReturnType {
  const volatilities = Array.from({ length: k }, (_, i) => Math.sqrt(Math.max(0, covariance[i * k + i]!)))
  const correlation = volatilities.map((vi, i) =>
    volatilities.map((vj, j) => {
      if (i === j) return 1
      if (vi === 0 || vj === 0) return 0
      return Math.min(1, Math.max(-1, covariance[i * k + j]! / (vi * vj)))
    }),
  )
  return { volatilities, correlation }
}
