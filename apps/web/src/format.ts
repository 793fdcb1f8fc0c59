/**
 * Display formatting of the API's exact decimal strings, done on the digits (never through a float),
 * so what the page shows is the API's figure rounded half away from zero.
 */

/** Parameters of {@link formatDecimal}. */
export type FormatDecimalParameters = { digits?: number; prefix?: string }

/**
 * Rounds a decimal string half away from zero to `digits` places and groups thousands.
 *
 * @example
 * formatDecimal('-12345.675', { prefix: '$' }) // '-$12,345.68'
 */
export function formatDecimal(value: string, parameters: FormatDecimalParameters = {}): string {
  const digits = parameters.digits ?? 2
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim())
  if (!match) throw new RangeError(`"${value}" is not a decimal string.`)
  const [, sign, whole, fraction = ''] = match as unknown as [string, string, string, string | undefined]
  const padded = (fraction + '0'.repeat(digits + 1)).slice(0, digits + 1)
  let scaled = BigInt(whole + padded.slice(0, digits))
  if (Number(padded[digits]) >= 5) scaled += 1n
  const text = scaled.toString().padStart(digits + 1, '0')
  const intPart = text.slice(0, text.length - digits)
  const fracPart = text.slice(text.length - digits)
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  const negative = sign === '-' && /[1-9]/.test(text)
  return `${negative ? '-' : ''}${parameters.prefix ?? ''}${grouped}${digits > 0 ? `.${fracPart}` : ''}`
}

/**
 * A USD amount: `$` and cents.
 *
 * @example
 * formatUsd('1500') // '$1,500.00'
 */
export function formatUsd(value: string): string {
  return formatDecimal(value, { prefix: '$' })
}

/**
 * A health factor (3 places), `∞` when the API reports none (no maintenance margin).
 *
 * @example
 * formatHealth('1.05931') // '1.059'
 * formatHealth(null) // '∞'
 */
export function formatHealth(value: string | null): string {
  return value === null ? '∞' : formatDecimal(value, { digits: 3 })
}

/**
 * A relative move as a signed percentage.
 *
 * @example
 * formatShock(-0.3) // '-30%'
 */
export function formatShock(value: number): string {
  const percent = Math.round(value * 100)
  return `${percent > 0 ? '+' : ''}${percent}%`
}

/**
 * An age in seconds as the largest unit that fits.
 *
 * @example
 * formatAge(125) // '2 min'
 */
export function formatAge(seconds: number | null): string {
  if (seconds === null) return 'unknown age'
  if (seconds < 60) return `${seconds} s`
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`
  return `${Math.floor(seconds / 3600)} h`
}

/**
 * A change: {@link formatDecimal} with a `+` on a rise (none on zero).
 *
 * @example
 * formatChange('47.658', { prefix: '$' }) // '+$47.66'
 */
export function formatChange(value: string, parameters: FormatDecimalParameters = {}): string {
  const text = formatDecimal(value, parameters)
  return text.startsWith('-') || !/[1-9]/.test(text) ? text : `+${text}`
}
