/** Exact sums of the API's decimal strings (through BigInt at 18 places, never a float). */

const SCALE = 18

function toScaled(value: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim())
  if (!match) throw new RangeError(`"${value}" is not a decimal string.`)
  const fraction = (match[3] ?? '').padEnd(SCALE, '0').slice(0, SCALE)
  const scaled = BigInt(match[2]! + fraction)
  return match[1] === '-' ? -scaled : scaled
}

/**
 * The exact sum of decimal strings, as a decimal string without trailing zeros.
 *
 * @example
 * sumDecimals(['0.1', '0.2', '-1']) // '-0.7'
 */
export function sumDecimals(values: readonly string[]): string {
  const total = values.reduce((sum, v) => sum + toScaled(v), 0n)
  const negative = total < 0n
  const digits = (negative ? -total : total).toString().padStart(SCALE + 1, '0')
  const whole = digits.slice(0, digits.length - SCALE)
  const fraction = digits.slice(digits.length - SCALE).replace(/0+$/, '')
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`
}

/**
 * A decimal string times 10^`power` (negative: divided), exactly, moving the point on the digits;
 * the result has no trailing zeros.
 *
 * @example
 * scaleDecimal('-25', -2) // '-0.25' (a percent as a fraction)
 * scaleDecimal('-0.260416667', 2) // '-26.0416667'
 */
export function scaleDecimal(value: string, power: number): string {
  const match = /^([-+]?)(\d+)(?:\.(\d+))?$/.exec(value.trim())
  if (!match) throw new RangeError(`"${value}" is not a decimal string.`)
  const [, sign = '', whole = '', fraction = ''] = match
  let digits = whole + fraction
  let point = whole.length + power
  if (point < 0) {
    digits = '0'.repeat(-point) + digits
    point = 0
  }
  digits = digits.padEnd(point, '0')
  const integer = digits.slice(0, point).replace(/^0+(?=\d)/, '') || '0'
  const rest = digits.slice(point).replace(/0+$/, '')
  const negative = sign === '-' && /[1-9]/.test(integer + rest)
  return `${negative ? '-' : ''}${integer}${rest ? `.${rest}` : ''}`
}
