import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fromEigen, symmetricEigen } from './symmetric-eigen.js'

describe('symmetricEigen()', () => {
  it('finds the eigenvalues of a 2×2 and of a 3×3 worked by hand', () => {
    expect(
      symmetricEigen([
        [2, 1],
        [1, 2],
      ]).values.sort(),
    ).toEqual([1, 3].map((x) => expect.closeTo(x, 12)))
    // [[1,1,0],[1,1,1],[0,1,1]]: eigenvalues 1 − √2, 1, 1 + √2.
    const values = symmetricEigen([
      [1, 1, 0],
      [1, 1, 1],
      [0, 1, 1],
    ]).values.sort((a, b) => a - b)
    expect(values[0]).toBeCloseTo(1 - Math.SQRT2, 12)
    expect(values[1]).toBeCloseTo(1, 12)
    expect(values[2]).toBeCloseTo(1 + Math.SQRT2, 12)
  })

  it('decomposes the ETH–BTC correlation matrix', () => {
    const { values, vectors } = symmetricEigen([
      [1, 0.8],
      [0.8, 1],
    ])
    expect(values[0]).toBeCloseTo(1.8, 12)
    expect(values[1]).toBeCloseTo(0.2, 12)
    expect(vectors[0]![0]).toBeCloseTo(Math.SQRT1_2, 12)
    expect(vectors[0]![1]).toBeCloseTo(Math.SQRT1_2, 12)
  })

  it('reconstructs any small correlation matrix (V·Λ·Vᵀ = R)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -0.95, max: 0.95, noNaN: true }), { minLength: 3, maxLength: 3 }),
        ([a, b, c]) => {
          const matrix = [
            [1, a!, b!],
            [a!, 1, c!],
            [b!, c!, 1],
          ]
          const { values, vectors } = symmetricEigen(matrix)
          for (let i = 0; i < 3; i++)
            for (let j = 0; j < 3; j++) {
              let sum = 0
              for (let k = 0; k < 3; k++) sum += vectors[k]![i]! * values[k]! * vectors[k]![j]!
              expect(sum).toBeCloseTo(matrix[i]![j]!, 10)
            }
        },
      ),
    )
  })

  it("sorts eigenvalues descending and makes each vector's largest component positive", () => {
    const { values, vectors } = symmetricEigen([
      [2, 0, 0],
      [0, 5, 0],
      [0, 0, -1],
    ])
    expect(values).toEqual([5, 2, -1])
    for (const vector of vectors) expect(Math.max(...vector)).toBeCloseTo(1, 12)
  })

  it('fromEigen() rebuilds the matrix from its decomposition', () => {
    const matrix = [
      [1, 0.3, -0.2],
      [0.3, 1, 0.5],
      [-0.2, 0.5, 1],
    ]
    const { values, vectors } = symmetricEigen(matrix)
    const rebuilt = fromEigen(vectors, values)
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) expect(rebuilt[i]![j]).toBeCloseTo(matrix[i]![j]!, 12)
  })
})
