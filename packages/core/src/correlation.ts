import type { FactorId } from './chain.js'
import type { CorrelationEntry } from './risk-parameters.js'

/** Parameters of {@link buildCorrelationMatrix}. */
export type BuildCorrelationMatrixParameters = {
  /** Factors in the order of the rows; sorted for determinism by the caller. */
  factors: readonly FactorId[]
  correlations: readonly CorrelationEntry[]
}

/** A dense symmetric matrix as row arrays. */
export type BuildCorrelationMatrixReturnType = number[][]

/**
 * Builds the dense correlation matrix of `factors` from pair entries: unit diagonal, listed pairs
 * set symmetrically, everything else 0. Entries naming factors outside the list are ignored.
 *
 * @example
 * buildCorrelationMatrix({ factors: ['BTC', 'ETH'], correlations: [['ETH', 'BTC', 0.8]] })
 * // [[1, 0.8], [0.8, 1]]
 */
export function buildCorrelationMatrix(
  parameters: BuildCorrelationMatrixParameters,
): BuildCorrelationMatrixReturnType {
  const { factors, correlations } = parameters
  const index = new Map<FactorId, number>(factors.map((factor, i) => [factor, i]))
  const matrix: number[][] = factors.map((_, i) => factors.map((__, j) => (i === j ? 1 : 0)))
  for (const [a, b, rho] of correlations) {
    const i = index.get(a)
    const j = index.get(b)
    if (i === undefined || j === undefined || i === j) continue
    matrix[i]![j] = rho
    matrix[j]![i] = rho
  }
  return matrix
}

/** Return type of {@link choleskyDecompose}: lower-triangular L with L·Lᵀ = A, or the failing row. */
export type CholeskyDecomposeReturnType =
  | { ok: true; lower: number[][] }
  | { ok: false; row: number; pivot: number }

/**
 * Cholesky decomposition that accepts positive semi-definite matrices: a pivot within `tolerance`
 * of 0 gives a zero column; a pivot below `-tolerance` proves the matrix is not PSD.
 *
 * @example
 * choleskyDecompose([[1, 0.8], [0.8, 1]]) // { ok: true, lower: [[1, 0], [0.8, 0.6]] }
 * choleskyDecompose([[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]]).ok // false
 */
export function choleskyDecompose(
  matrix: readonly (readonly number[])[],
  tolerance = 1e-10,
): CholeskyDecomposeReturnType {
  const n = matrix.length
  const lower = matrix.map(() => new Array<number>(n).fill(0))
  for (let j = 0; j < n; j++) {
    let pivot = matrix[j]![j]!
    for (let k = 0; k < j; k++) pivot -= lower[j]![k]! * lower[j]![k]!
    if (pivot < -tolerance) return { ok: false, row: j, pivot }
    const diagonal = pivot > tolerance ? Math.sqrt(pivot) : 0
    lower[j]![j] = diagonal
    for (let i = j + 1; i < n; i++) {
      let sum = matrix[i]![j]!
      for (let k = 0; k < j; k++) sum -= lower[i]![k]! * lower[j]![k]!
      if (diagonal === 0) {
        // Semi-definite: the column must be (numerically) zero too, otherwise not PSD.
        if (Math.abs(sum) > Math.sqrt(tolerance)) return { ok: false, row: i, pivot: -Math.abs(sum) }
        lower[i]![j] = 0
      } else {
        lower[i]![j] = sum / diagonal
      }
    }
  }
  return { ok: true, lower }
}
