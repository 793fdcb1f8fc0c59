/** Return type of {@link symmetricEigen}: `A = V·diag(values)·Vᵀ`, eigenvectors in the columns of V. */
export type SymmetricEigenReturnType = {
  values: number[]
  /** Row-major: `vectors[i][j]` is component i of eigenvector j. */
  vectors: number[][]
}

/**
 * Eigen-decomposition of a real symmetric matrix by cyclic Jacobi rotations. Accurate to machine
 * precision for the small matrices a factor model has (tens of factors); each sweep is O(n³).
 * Stops when the off-diagonal mass is below 1e-22 of the total, or after 100 sweeps.
 *
 * @example
 * symmetricEigen([[2, 1], [1, 2]]).values // [1, 3] (in some order)
 */
export function symmetricEigen(matrix: readonly (readonly number[])[]): SymmetricEigenReturnType {
  const n = matrix.length
  const a = matrix.map((row) => [...row])
  const v: number[][] = matrix.map((_, i) => matrix.map((__, j) => (i === j ? 1 : 0)))
  let total = 0
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) total += a[i]![j]! * a[i]![j]!
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += 2 * a[i]![j]! * a[i]![j]!
    if (off <= 1e-22 * total || off === 0) break
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p]![q]!
        if (apq === 0) continue
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
  return { values: a.map((row, i) => row[i]!), vectors: v }
}

/** Rebuilds `V·diag(values)·Vᵀ`, symmetric by construction. */
export function fromEigen(vectors: readonly (readonly number[])[], values: readonly number[]): number[][] {
  const n = values.length
  const out = Array.from({ length: n }, () => new Array<number>(n).fill(0))
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let sum = 0
      for (let k = 0; k < n; k++) sum += vectors[i]![k]! * values[k]! * vectors[j]![k]!
      out[i]![j] = sum
      out[j]![i] = sum
    }
  }
  return out
}
