import { describe, expect, it } from 'vitest'
import { scaleDecimal } from './decimal.js'
import { parseShockText, ShockTextError } from './shock-text.js'

describe('parseShockText()', () => {
  it('reads FACTOR=±N% moves as exact fractions, comma separated, = or a space, % optional', () => {
    expect(parseShockText('ETH=-25%')).toEqual([{ factor: 'ETH', spot: '-0.25' }])
    expect(parseShockText(' ETH -25 , BTC=+12.5% ;USD=-0.1%')).toEqual([
      { factor: 'ETH', spot: '-0.25' },
      { factor: 'BTC', spot: '0.125' },
      { factor: 'USD', spot: '-0.001' },
    ])
  })
  it('passes an unknown factor on as typed (the API names the valid ones)', () => {
    expect(parseShockText('DOGE=-30%')).toEqual([{ factor: 'DOGE', spot: '-0.3' }])
  })
  it('refuses what is not a shock, naming the syntax', () => {
    for (const text of ['', ' , ', 'ETH', 'ETH=-25%%', 'ETH=1e3', '=-25%', 'ETH=-25% BTC=-1%'])
      expect(() => parseShockText(text), text).toThrow(ShockTextError)
    expect(() => parseShockText('ETH=down')).toThrow('"ETH=down" is not a shock: write FACTOR=±N%')
  })
})

describe('scaleDecimal()', () => {
  it('moves the decimal point on the digits, exactly', () => {
    expect(scaleDecimal('-25', -2)).toBe('-0.25')
    expect(scaleDecimal('0.5', -3)).toBe('0.0005')
    expect(scaleDecimal('-0.260416667', 2)).toBe('-26.0416667')
    expect(scaleDecimal('1.5', 3)).toBe('1500')
    expect(scaleDecimal('+100', -2)).toBe('1')
    expect(scaleDecimal('-0.000', 2)).toBe('0')
    // beyond a float's 17 significant digits
    expect(scaleDecimal('12345678901234567890.123', -3)).toBe('12345678901234567.890123')
  })
  it('refuses what is not a decimal string', () => {
    expect(() => scaleDecimal('1e5', 2)).toThrow(RangeError)
  })
})
