import { describe, expect, test } from 'vitest'
import { sqrtFloor } from './integer-sqrt.js'

describe('sqrtFloor()', () => {
  test('is the floor root of values whose float estimate falls below the root (it looped ~1e14 times)', () => {
    // (2,070.000000000123456789 · 2^192): Math.sqrt undershoots the root by ~1e14
    const value = ((2070n * 10n ** 18n + 123_456_789n) << 192n) / 10n ** 18n
    const root = sqrtFloor(value)
    expect(root * root <= value && (root + 1n) * (root + 1n) > value).toBe(true)
    expect(sqrtFloor(10n)).toBe(3n)
    expect(sqrtFloor(16n)).toBe(4n)
    expect(sqrtFloor(1n)).toBe(1n)
    expect(() => sqrtFloor(-1n)).toThrow(RangeError)
  })
})
