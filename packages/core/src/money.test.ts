import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InvalidAmountError } from './errors/money-errors.js'
import { formatUnits, formatUsd, parseUnits, toNumber } from './money.js'

describe('formatUnits() / parseUnits()', () => {
  it('formats exact decimal strings', () => {
    expect(formatUnits({ value: 1_500_000n, decimals: 6 })).toBe('1.5')
    expect(formatUnits({ value: -5n, decimals: 18 })).toBe('-0.000000000000000005')
    expect(formatUnits({ value: 0n, decimals: 8 })).toBe('0')
    expect(formatUnits({ value: 42n, decimals: 0 })).toBe('42')
  })

  it('round-trips any amount', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(2n ** 256n), max: 2n ** 256n }),
        fc.integer({ min: 0, max: 36 }),
        (value, decimals) => {
          expect(parseUnits({ value: formatUnits({ value, decimals }), decimals })).toBe(value)
        },
      ),
    )
  })

  it('rejects too many fractional digits and garbage', () => {
    expect(() => parseUnits({ value: '1.0000001', decimals: 6 })).toThrow(InvalidAmountError)
    expect(() => parseUnits({ value: '1e6', decimals: 6 })).toThrow(InvalidAmountError)
  })
})

describe('formatUsd()', () => {
  it('rounds half away from zero on the decimal representation', () => {
    expect(formatUsd({ value: 1.005 })).toBe('1.01')
    expect(formatUsd({ value: -1.005 })).toBe('-1.01')
    expect(formatUsd({ value: 1234.5 })).toBe('1234.50')
    expect(formatUsd({ value: -0.004 })).toBe('0.00')
    expect(formatUsd({ value: 0.1 + 0.2, decimals: 4 })).toBe('0.3000')
  })

  it('never uses exponent notation', () => {
    expect(formatUsd({ value: 1e22, decimals: 0 })).toBe('10000000000000000000000')
    expect(formatUsd({ value: 2.5e-7, decimals: 8 })).toBe('0.00000025')
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e30, max: 1e30 }), (value) => {
        expect(formatUsd({ value, decimals: 6 })).toMatch(/^-?\d+\.\d{6}$/)
      }),
    )
  })

  it('agrees with toFixed on ordinary values within one cent', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, min: -1e9, max: 1e9 }), (value) => {
        expect(Math.abs(Number(formatUsd({ value })) - value)).toBeLessThanOrEqual(0.005 + 1e-6)
      }),
    )
  })

  it('rejects non-finite values', () => {
    expect(() => formatUsd({ value: Number.POSITIVE_INFINITY })).toThrow(InvalidAmountError)
    expect(() => formatUsd({ value: Number.NaN })).toThrow(InvalidAmountError)
  })
})

describe('toNumber()', () => {
  it('keeps integer precision of large amounts', () => {
    expect(toNumber({ value: 123_456_789_012_345_678_901_234n, decimals: 18 })).toBeCloseTo(
      123_456.789_012_345_67,
      9,
    )
    expect(toNumber({ value: -1_500_000n, decimals: 6 })).toBe(-1.5)
  })
})
