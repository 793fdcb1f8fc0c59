import { describe, expect, test } from 'vitest'
import { sqrtBigInt, sqrtPriceX96FromPrice } from './perp-math.js'

describe('sqrtBigInt()', () => {
  test('is the floor root of values whose float estimate falls below the root (it looped ~1e14 times)', () => {
    // (2,070.000000000123456789 · 2^192): Math.sqrt undershoots the root by ~1e14
    const value = ((2070n * 10n ** 18n + 123_456_789n) << 192n) / 10n ** 18n
    const root = sqrtBigInt(value)
    expect(root * root <= value && (root + 1n) * (root + 1n) > value).toBe(true)
    expect(sqrtBigInt(10n)).toBe(3n)
    expect(sqrtBigInt(16n)).toBe(4n)
  })

  test('sqrtPriceX96FromPrice() of 3,000 is √3000·2^96, floored', () => {
    const sqrt = sqrtPriceX96FromPrice(3000_00000000n, 8)
    expect(sqrt * sqrt <= 3000n << 192n && (sqrt + 1n) * (sqrt + 1n) > 3000n << 192n).toBe(true)
  })
})
