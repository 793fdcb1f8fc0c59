import { describe, expect, it } from 'vitest'
import { sumDecimals } from './decimal.js'
import { formatAge, formatChange, formatDecimal, formatHealth, formatShock, formatUsd } from './format.js'

describe('formatDecimal()', () => {
  it('rounds the digits half away from zero and groups thousands, never through a float', () => {
    expect(formatUsd('1234567.005')).toBe('$1,234,567.01')
    expect(formatUsd('-12345.675')).toBe('-$12,345.68')
    expect(formatUsd('0.004')).toBe('$0.00')
    expect(formatUsd('-0.004')).toBe('$0.00')
    expect(formatUsd('999.995')).toBe('$1,000.00')
    // 2^63 + cents: a float would lose the last digits
    expect(formatUsd('9223372036854775808.19')).toBe('$9,223,372,036,854,775,808.19')
    expect(formatDecimal('7', { digits: 0 })).toBe('7')
  })
  it('refuses what is not a decimal string', () => {
    expect(() => formatUsd('1e5')).toThrow(RangeError)
    expect(() => formatUsd('')).toThrow(RangeError)
  })
})

describe('other formats', () => {
  it('shows health to 3 places and ∞ without maintenance margin', () => {
    expect(formatHealth('1.0596')).toBe('1.060')
    expect(formatHealth(null)).toBe('∞')
  })
  it('signs shocks and scales ages', () => {
    expect(formatShock(-0.3)).toBe('-30%')
    expect(formatShock(0.25)).toBe('+25%')
    expect(formatShock(0)).toBe('0%')
    expect(formatAge(42)).toBe('42 s')
    expect(formatAge(7200)).toBe('2 h')
    expect(formatAge(null)).toBe('unknown age')
  })
})

describe('sumDecimals()', () => {
  it('adds decimal strings exactly', () => {
    expect(sumDecimals(['0.1', '0.2'])).toBe('0.3')
    expect(sumDecimals(['0.1', '0.2', '-1'])).toBe('-0.7')
    expect(sumDecimals([])).toBe('0')
    expect(sumDecimals(['123456789012345678901.5', '0.5'])).toBe('123456789012345678902')
  })
})

describe('formatChange()', () => {
  it('signs a rise, not a fall or zero', () => {
    expect(formatChange('47.658', { prefix: '$' })).toBe('+$47.66')
    expect(formatChange('-4145.55', { prefix: '$' })).toBe('-$4,145.55')
    expect(formatChange('0.001', { prefix: '$' })).toBe('$0.00')
  })
})
