import { EigenvalueDecomposition, Matrix } from 'ml-matrix'

/**
 * Return type of {@link symmetricEigen}: eigenvalues in descending order, `vectors[k]` the unit
 * eigenvector of `values[k]`, so that `A = Σ_k values[k]·vectors[k]·vectors[k]ᵀ`.
 */
export type SymmetricEigenReturnType = { values: number[]; vectors: number[][] }

/**
 * Eigen-decomposition of a real symmetric matrix (ml-matrix's symmetric QL algorithm), sorted by
 * descending eigenvalue; each vector's largest component (the first of equals, to 1e-12) is made
 * positive, so the result depends only on the matrix. Used by the joint scenario design (principal
 * directions of the correlation matrix) and the nearest-correlation repair of a calibration.
 *
 * @example
 * symmetricEigen([[1, 0.8], [0.8, 1]]).values // [1.8, 0.2] (to rounding)
 */
export function symmetricEigen(matrix: readonly (readonly number[])[]): SymmetricEigenReturnType {
  const n = matrix.length
  if (n === 0) return { values: [], vectors: [] }
  const decomposition = new EigenvalueDecomposition(new Matrix(matrix.map((row) => [...row])), {
    assumeSymmetric: true,
  })
  const values = decomposition.realEigenvalues
  const columns = decomposition.eigenvectorMatrix
  const order = [...values.keys()].sort((i, j) => values[j]! - values[i]! || i - j)
  const vectors = order.map((k) => {
    const vector = columns.getColumn(k)
    let largest = 0
    for (let i = 1; i < n; i++) if (Math.abs(vector[i]!) > Math.abs(vector[largest]!) + 1e-12) largest = i
    return vector[largest]! < 0 ? vector.map((x) => (x === 0 ? 0 : -x)) : vector
  })
  return { values: order.map((k) => values[k]!), vectors }
}

/**
 * Rebuilds `Σ_k values[k]·vectors[k]·vectors[k]ᵀ` (vectors as {@link symmetricEigen} returns
 * them), symmetric by construction.
 *
 * @example
 * const { values, vectors } = symmetricEigen(a)
 * fromEigen(vectors, values.map((v) => Math.max(v, 0))) // a with its negative eigenvalues clipped
 */
export function fromEigen(vectors: readonly (readonly number[])[], values: readonly number[]): number[][] {
  const n = values.length
  const out = Array.from({ length: n }, () => new Array<number>(n).fill(0))
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let sum = 0
      for (let k = 0; k < n; k++) sum += vectors[k]![i]! * values[k]! * vectors[k]![j]!
      out[i]![j] = sum
      out[j]![i] = sum
    }
  }
  return out
}
