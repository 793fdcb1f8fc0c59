import { describe, expect, test } from 'vitest'
import { sqrtPriceX96FromPrice } from './perp-math.js'

describe('sqrtPriceX96FromPrice()', () => {
  test('of 3,000 is √3000·2^96, floored', () => {
    const sqrt = sqrtPriceX96FromPrice(3000_00000000n, 8)
    expect(sqrt * sqrt <= 3000n << 192n && (sqrt + 1n) * (sqrt + 1n) > 3000n << 192n).toBe(true)
  })
})
