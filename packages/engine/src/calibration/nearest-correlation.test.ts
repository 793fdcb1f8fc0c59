import { choleskyDecompose } from '@xmargin/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { symmetricEigen } from '../math/symmetric-eigen.js'
import { nearestCorrelation } from './nearest-correlation.js'

/** A symmetric matrix with unit diagonal and entries in [-1, 1], PSD or not. */
const pseudoCorrelation = fc.integer({ min: 2, max: 7 }).chain((n) =>
  fc
    .array(fc.double({ min: -1, max: 1, noNaN: true }), {
      minLength: (n * (n - 1)) / 2,
      maxLength: (n * (n - 1)) / 2,
    })
    .map((entries) => {
      const m: number[][] = Array.from({ length: n }, (_, i) =>
        Array.from({ length: n }, (__, j) => (i === j ? 1 : 0)),
      )
      let k = 0
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          m[i]![j] = entries[k]!
          m[j]![i] = entries[k++]!
        }
      }
      return m
    }),
)

describe('nearestCorrelation()', () => {
  it("reproduces Higham's (2002, §4) example: nearest correlation matrix of [[1,1,0],[1,1,1],[0,1,1]]", () => {
    const { matrix, repaired } = nearestCorrelation({
      matrix: [
        [1, 1, 0],
        [1, 1, 1],
        [0, 1, 1],
      ],
    })
    expect(repaired).toBe(true)
    // Published to 4 decimals: off-diagonals 0.7607, 0.1573, 0.7607.
    expect(matrix[0]![1]).toBeCloseTo(0.7607, 4)
    expect(matrix[0]![2]).toBeCloseTo(0.1573, 4)
    expect(matrix[1]![2]).toBeCloseTo(0.7607, 4)
  })

  it('leaves a PSD matrix unchanged', () => {
    const input = [
      [1, 0.8, 0.1],
      [0.8, 1, 0.2],
      [0.1, 0.2, 1],
    ]
    const result = nearestCorrelation({ matrix: input })
    expect(result).toMatchObject({ repaired: false, distance: 0, matrix: input })
  })

  it('returns a PSD, symmetric, unit-diagonal matrix for any symmetric input in [-1, 1] (property)', () => {
    fc.assert(
      fc.property(pseudoCorrelation, (input) => {
        const { matrix, repaired, minInputEigenvalue } = nearestCorrelation({ matrix: input })
        expect(choleskyDecompose(matrix).ok).toBe(true)
        expect(Math.min(...symmetricEigen(matrix).values)).toBeGreaterThan(-1e-9)
        for (let i = 0; i < matrix.length; i++) {
          expect(matrix[i]![i]).toBe(1)
          for (let j = 0; j < matrix.length; j++) {
            expect(matrix[i]![j]).toBe(matrix[j]![i])
            expect(Math.abs(matrix[i]![j]!)).toBeLessThanOrEqual(1)
          }
        }
        expect(repaired).toBe(minInputEigenvalue < -1e-10)
        if (!repaired) expect(matrix).toEqual(input)
      }),
      { numRuns: 300, seed: 14 },
    )
  })

  it('moves a non-PSD matrix no further than eigenvalue clipping does (nearest, property)', () => {
    fc.assert(
      fc.property(pseudoCorrelation, (input) => {
        const { matrix, repaired, distance } = nearestCorrelation({ matrix: input })
        if (!repaired) return
        // Clipping + rescaling: a feasible correlation matrix, so no nearer than the nearest.
        const { values, vectors } = symmetricEigen(input)
        const n = input.length
        const clipped = input.map((_, i) =>
          input.map((__, j) => {
            let s = 0
            for (let k = 0; k < n; k++) s += vectors[k]![i]! * Math.max(values[k]!, 0) * vectors[k]![j]!
            return s
          }),
        )
        const scaled = clipped.map((row, i) =>
          row.map((v, j) => v / Math.sqrt(clipped[i]![i]! * clipped[j]![j]!)),
        )
        let clipDistance = 0
        for (let i = 0; i < n; i++)
          for (let j = 0; j < n; j++) clipDistance += (scaled[i]![j]! - input[i]![j]!) ** 2
        expect(distance).toBeLessThanOrEqual(Math.sqrt(clipDistance) + 1e-6)
        expect(matrix.length).toBe(n)
      }),
      { numRuns: 200, seed: 41 },
    )
  })
})
