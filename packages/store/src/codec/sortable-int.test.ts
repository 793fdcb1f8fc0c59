import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { IntegerCodecError } from '../errors.js'
import {
  decodeSortableInt,
  encodeSortableInt,
  evmIntBounds,
  int256Bounds,
  sortableIntLength,
  uint256Bounds,
} from './sortable-int.js'

const int256 = fc.bigInt({ min: int256Bounds.min, max: int256Bounds.max })
const uint256 = fc.bigInt({ min: uint256Bounds.min, max: uint256Bounds.max })
const anyWord = fc.oneof(int256, uint256)
/** Values near the edges, where off-by-one bugs live. */
const edges = [
  0n,
  1n,
  -1n,
  2n ** 255n - 1n,
  2n ** 255n,
  -(2n ** 255n),
  -(2n ** 255n) + 1n,
  2n ** 256n - 1n,
  2n ** 256n - 2n,
]
const compare = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0)
/** Byte order, as SQLite's BINARY collation compares text. */
const compareBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b))

describe('encodeSortableInt()', () => {
  test('round-trips every uint256 and int256 exactly', () => {
    fc.assert(
      fc.property(anyWord, (value) => {
        const text = encodeSortableInt({ value })
        expect(text).toHaveLength(sortableIntLength)
        expect(decodeSortableInt({ text })).toBe(value)
      }),
      { numRuns: 2000 },
    )
  })

  test('round-trips the ±2^255 and 2^256 boundaries', () => {
    for (const value of edges) expect(decodeSortableInt({ text: encodeSortableInt({ value }) })).toBe(value)
    expect(
      decodeSortableInt({ text: encodeSortableInt({ value: -(2n ** 255n), bounds: int256Bounds }) }),
    ).toBe(-(2n ** 255n))
    expect(encodeSortableInt({ value: 2n ** 256n - 1n, bounds: uint256Bounds })).toBe(
      `p${(2n ** 256n - 1n).toString().padStart(78, '0')}`,
    )
  })

  test('byte order of encodings equals bigint order', () => {
    const values = fc.oneof(anyWord, fc.constantFrom(...edges), fc.bigInt({ min: -1000n, max: 1000n }))
    fc.assert(
      fc.property(values, values, (a, b) => {
        expect(compareBytes(encodeSortableInt({ value: a }), encodeSortableInt({ value: b }))).toBe(
          compare(a, b),
        )
      }),
      { numRuns: 5000 },
    )
  })

  test('sorting encodings sorts the numbers', () => {
    fc.assert(
      fc.property(fc.array(anyWord, { maxLength: 50 }), (list) => {
        const byText = list
          .map((value) => encodeSortableInt({ value }))
          .sort(compareBytes)
          .map((text) => decodeSortableInt({ text }))
        expect(byText).toEqual([...list].sort(compare))
      }),
    )
  })

  test('throws IntegerCodecError outside the bounds', () => {
    expect(() => encodeSortableInt({ value: 2n ** 255n, bounds: int256Bounds })).toThrow(IntegerCodecError)
    expect(() => encodeSortableInt({ value: -(2n ** 255n) - 1n, bounds: int256Bounds })).toThrow(
      IntegerCodecError,
    )
    expect(() => encodeSortableInt({ value: -1n, bounds: uint256Bounds })).toThrow(IntegerCodecError)
    expect(() => encodeSortableInt({ value: 2n ** 256n, bounds: uint256Bounds })).toThrow(IntegerCodecError)
    expect(() => encodeSortableInt({ value: 2n ** 256n })).toThrow(/out of uint256\|int256 range/)
    expect(() => encodeSortableInt({ value: -(2n ** 255n) - 1n, bounds: evmIntBounds })).toThrow(
      IntegerCodecError,
    )
    fc.assert(
      fc.property(fc.bigInt({ min: 2n ** 256n, max: 2n ** 300n }), fc.boolean(), (big, negative) => {
        expect(() => encodeSortableInt({ value: negative ? -big : big })).toThrow(IntegerCodecError)
      }),
    )
  })

  test('rejects a number instead of a bigint', () => {
    expect(() => encodeSortableInt({ value: 1 as unknown as bigint })).toThrow(/Expected a bigint/)
  })
})

describe('decodeSortableInt()', () => {
  test('rejects text that is not an encoding', () => {
    for (const text of ['', '42', 'p42', `x${'0'.repeat(78)}`, `p${'0'.repeat(77)}a`, `p${'0'.repeat(79)}`])
      expect(() => decodeSortableInt({ text })).toThrow(IntegerCodecError)
  })

  test('rejects a stored value outside the requested bounds', () => {
    const text = encodeSortableInt({ value: -1n })
    expect(() => decodeSortableInt({ text, bounds: uint256Bounds })).toThrow(/out of uint256 range/)
    const huge = encodeSortableInt({ value: 2n ** 256n - 1n })
    expect(() => decodeSortableInt({ text: huge, bounds: int256Bounds })).toThrow(IntegerCodecError)
    expect(() => decodeSortableInt({ text: `n${'0'.repeat(78)}` })).toThrow(IntegerCodecError)
  })
})
