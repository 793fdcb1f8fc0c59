import { fromEigen, symmetricEigen } from '../math/symmetric-eigen.js'

/** Parameters of {@link nearestCorrelation}. */
export type NearestCorrelationParameters = {
  /** A symmetric matrix with unit diagonal and entries in [-1, 1], possibly not PSD. */
  matrix: readonly (readonly number[])[]
  /** Smallest eigenvalue kept by the final clip (default 1e-10). */
  minEigenvalue?: number | undefined
  /** Stop when successive iterates differ by less than this in Frobenius norm (default 1e-12). */
  tolerance?: number | undefined
  /** Iteration cap of the alternating projections (default 200). */
  maxIterations?: number | undefined
}

/** Return type of {@link nearestCorrelation}. */
export type NearestCorrelationReturnType = {
  /** PSD, unit diagonal, symmetric. The input itself (copied) when it already was PSD. */
  matrix: number[][]
  /** Whether the input had a negative eigenvalue (below −`minEigenvalue`) and was changed. */
  repaired: boolean
  /** Frobenius distance between the input and the result (0 when not repaired). */
  distance: number
  /** Smallest eigenvalue of the input. */
  minInputEigenvalue: number
}

/** Projection onto the PSD cone: negative eigenvalues set to `floor`. */
function projectPsd(matrix: number[][], floor: number): number[][] {
  const { values, vectors } = symmetricEigen(matrix)
  return fromEigen(
    vectors,
    values.map((value) => Math.max(value, floor)),
  )
}

function frobenius(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): number {
  let sum = 0
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < a.length; j++) sum += (a[i]![j]! - b[i]![j]!) ** 2
  }
  return Math.sqrt(sum)
}

/** Scales a PSD matrix to unit diagonal: D^{-1/2}·A·D^{-1/2} (keeps it PSD). */
function toUnitDiagonal(matrix: number[][]): number[][] {
  const scale = matrix.map((row, i) => 1 / Math.sqrt(row[i]!))
  return matrix.map((row, i) =>
    row.map((value, j) => (i === j ? 1 : Math.min(1, Math.max(-1, value * (scale[i]! * scale[j]!))))),
  )
}

/**
 * Nearest correlation matrix in the Frobenius norm (Higham 2002, "Computing the nearest correlation
 * matrix — a problem from finance", IMA J. Numer. Anal. 22: alternating projections onto the PSD cone
 * and the unit-diagonal set, with Dykstra's correction). Chosen over plain eigenvalue clipping
 * because clipping and rescaling moves every entry, well-estimated ones included, while Higham's
 * result changes the estimate as little as possible; for the tens of factors a margin model has it
 * costs a few hundred small eigen-decompositions at worst. As the projections converge only in the
 * limit, the result gets a final eigenvalue clip at `minEigenvalue` and a rescale to unit diagonal,
 * so it always passes a Cholesky factorisation.
 *
 * @example
 * const { matrix, repaired } = nearestCorrelation({
 *   matrix: [[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]],
 * })
 * repaired // true; matrix is PSD with unit diagonal
 */
export function nearestCorrelation(parameters: NearestCorrelationParameters): NearestCorrelationReturnType {
  const { matrix } = parameters
  const minEigenvalue = parameters.minEigenvalue ?? 1e-10
  const tolerance = parameters.tolerance ?? 1e-12
  const maxIterations = parameters.maxIterations ?? 200
  const input = matrix.map((row) => [...row])
  const minInputEigenvalue = Math.min(...symmetricEigen(input).values)
  if (input.length === 0 || minInputEigenvalue >= -minEigenvalue) {
    return { matrix: input, repaired: false, distance: 0, minInputEigenvalue }
  }
  const n = input.length
  let y = input
  let correction = input.map((row) => row.map(() => 0))
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const r = y.map((row, i) => row.map((value, j) => value - correction[i]![j]!))
    const x = projectPsd(r, 0)
    correction = x.map((row, i) => row.map((value, j) => value - r[i]![j]!))
    const next = x.map((row, i) => row.map((value, j) => (i === j ? 1 : value)))
    const change = frobenius(next, y)
    y = next
    if (change < tolerance * Math.max(1, n)) break
  }
  const result = toUnitDiagonal(projectPsd(y, minEigenvalue))
  return { matrix: result, repaired: true, distance: frobenius(result, input), minInputEigenvalue }
}
