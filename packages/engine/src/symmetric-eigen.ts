/** Return type of {@link symmetricEigen}: eigenvalues in descending order, `vectors[k]` the k-th. */
export type SymmetricEigenReturnType = { values: number[]; vectors: number[][] }

/**
 * Eigenvalues and unit eigenvectors of a small symmetric matrix (cyclic Jacobi rotations, to
 * 1e-15 off-diagonal), sorted by descending eigenvalue; each vector's largest component is made
 * positive so the result does not depend on rotation order. For correlation matrices of a few
 * factors (the joint scenario design), computed once per set of risk parameters.
 *
 * @example
 * symmetricEigen([[1, 0.8], [0.8, 1]]).values // [1.8, 0.2] (to rounding)
 */
export function symmetricEigen(matrix: readonly (readonly number[])[]): SymmetricEigenReturnType {
  const n = matrix.length
  const a = matrix.map((row) => [...row])
  const v: number[][] = matrix.map((_, i) => matrix.map((__, j) => (i === j ? 1 : 0)))
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p]![q]! * a[p]![q]!
    if (off < 1e-30) break
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p]![q]!
        if (Math.abs(apq) < 1e-300) continue
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * apq)
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1))
        const c = 1 / Math.sqrt(t * t + 1)
        const s = t * c
        for (let k = 0; k < n; k++) {
          const akp = a[k]![p]!
          const akq = a[k]![q]!
          a[k]![p] = c * akp - s * akq
          a[k]![q] = s * akp + c * akq
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p]![k]!
          const aqk = a[q]![k]!
          a[p]![k] = c * apk - s * aqk
          a[q]![k] = s * apk + c * aqk
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p]!
          const vkq = v[k]![q]!
          v[k]![p] = c * vkp - s * vkq
          v[k]![q] = s * vkp + c * vkq
        }
      }
    }
  }
  const order = [...Array(n).keys()].sort((i, j) => a[j]![j]! - a[i]![i]! || i - j)
  const vectors = order.map((k) => {
    const vector = v.map((row) => row[k]!)
    let largest = 0
    for (let i = 1; i < n; i++) if (Math.abs(vector[i]!) > Math.abs(vector[largest]!) + 1e-12) largest = i
    return vector[largest]! < 0 ? vector.map((x) => (x === 0 ? 0 : -x)) : vector
  })
  return { values: order.map((k) => a[k]![k]!), vectors }
}
