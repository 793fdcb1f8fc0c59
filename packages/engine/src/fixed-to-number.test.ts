import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fixedToNumber } from './fixed-to-number.js'

/** The conversion as first written (bigint division past 2^53): the oracle of the fast path. */
function previousFixedToNumber(value: bigint, decimals: number): number {
  if (value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= -BigInt(Number.MAX_SAFE_INTEGER))
    return Number(value) / 10 ** decimals
  const unit = 10n ** BigInt(decimals)
  return Number(value / unit) + Number(value % unit) / Number(unit)
}

/** Magnitudes around every path boundary: 2^53, 2^64 and far beyond. */
const values = fc.oneof(
  fc.bigInt({ min: -(2n ** 54n), max: 2n ** 54n }),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n }),
  fc.bigInt({ min: 2n ** 64n - 2n ** 20n, max: 2n ** 64n + 2n ** 20n }).map((v) => -v),
  fc.bigInt({ min: 2n ** 64n - 2n ** 20n, max: 2n ** 64n + 2n ** 20n }),
  fc.bigInt({ min: 2n ** 53n, max: 2n ** 64n }),
  fc.bigInt({ min: 2n ** 53n, max: 2n ** 64n }).map((v) => -v),
  fc.bigInt({ min: -(2n ** 130n), max: 2n ** 130n }),
  fc
    .tuple(
      fc.integer({ min: 0, max: 36 }),
      fc.integer({ min: 0, max: 10 ** 6 }),
      fc.bigInt({ min: -5n, max: 5n }),
    )
    .map(([d, k, e]) => BigInt(k) * 10n ** BigInt(d) + e),
)

describe('fixedToNumber()', () => {
  it('gives the same float as the bigint-division conversion for any value and decimals', () => {
    fc.assert(
      fc.property(
        values,
        fc.oneof(fc.integer({ min: 11, max: 23 }), fc.integer({ min: 0, max: 36 })),
        (value, decimals) => {
          expect(Object.is(fixedToNumber(value, decimals), previousFixedToNumber(value, decimals))).toBe(true)
        },
      ),
      { numRuns: 20_000 },
    )
  })

  it('converts exact amounts exactly', () => {
    expect(fixedToNumber(1_500000n, 6)).toBe(1.5)
    expect(fixedToNumber(10n ** 19n, 18)).toBe(10)
    expect(fixedToNumber(-(3n * 10n ** 18n + 5n * 10n ** 17n), 18)).toBe(-3.5)
    expect(fixedToNumber(123_456_789_012_345_678_901n, 18)).toBe(123.45678901234568)
  })
})
