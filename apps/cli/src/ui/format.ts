import { formatUnits, parseUnits } from '@xmargin/core'

/**
 * A decimal string with thousands separators, kept exact (no float): `'-12345.5'` → `'-12,345.5'`.
 *
 * @example
 * groupDigits('1234567.89') // '1,234,567.89'
 */
export function groupDigits(value: string): string {
  const [whole = '', fraction] = value.split('.')
  const sign = whole.startsWith('-') ? '-' : ''
  const digits = whole.replace(/^-/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${sign}${digits}${fraction === undefined ? '' : `.${fraction}`}`
}

/**
 * A USD amount for a table: `$1,234.56`, `-$12.00`, `-` for null.
 *
 * @example
 * usd('-1234.5') // '-$1,234.5'
 */
export function usd(value: string | null | undefined): string {
  if (value == null) return '-'
  return value.startsWith('-') ? `-$${groupDigits(value.slice(1))}` : `$${groupDigits(value)}`
}

/**
 * Sums decimal strings exactly at `decimals` places.
 *
 * @example
 * sumDecimals(['1.10', '2.25']) // '3.35'
 */
export function sumDecimals(values: readonly string[], decimals = 2): string {
  let total = 0n
  for (const value of values) total += parseUnits({ value, decimals })
  return padFraction(formatUnits({ value: total, decimals }), decimals)
}

/**
 * Pads a decimal string to `places` fraction digits: `'3.5'` → `'3.50'`.
 *
 * @example
 * padFraction('3', 2) // '3.00'
 */
export function padFraction(value: string, places: number): string {
  const [whole = '0', fraction = ''] = value.split('.')
  return places === 0 ? whole : `${whole}.${fraction.padEnd(places, '0')}`
}

/**
 * A quantity trimmed for display (at most `places` decimals, exact digits, no rounding up).
 *
 * @example
 * shortQuantity('10.000000000000000123') // '10'
 */
export function shortQuantity(value: string, places = 6): string {
  const [whole = '0', fraction = ''] = value.split('.')
  const kept = fraction.slice(0, places).replace(/0+$/, '')
  return groupDigits(kept ? `${whole}.${kept}` : whole)
}

/**
 * A wad (1e18) integer string as a ratio: Aave's health factor `'1062000000000000000'` → `'1.0620'`;
 * the max uint256 (no debt) → `'∞'`.
 *
 * @example
 * wadRatio('1062000000000000000') // '1.0620'
 */
export function wadRatio(value: string): string {
  const wad = BigInt(value)
  if (wad >= 2n ** 255n) return '∞'
  return padFraction(formatUnits({ value: (wad + 5n * 10n ** 13n) / 10n ** 14n, decimals: 4 }), 4)
}

/**
 * Seconds as a short age: `42s`, `3m 5s`, `2h 1m`.
 *
 * @example
 * age(185) // '3m 5s'
 */
export function age(seconds: number | null): string {
  if (seconds === null) return '-'
  if (seconds < 60) return `${seconds}s`
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${seconds % 60}s`
  return `${Math.floor(seconds / 3600)}h ${Math.floor((seconds % 3600) / 60)}m`
}

/**
 * A unix time as `YYYY-MM-DD HH:MM` (UTC).
 *
 * @example
 * utcMinute(0) // '1970-01-01 00:00'
 */
export function utcMinute(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ')
}
