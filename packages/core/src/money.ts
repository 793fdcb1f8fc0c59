import { InvalidAmountError } from './errors/money-errors.js'

/** Parameters of {@link formatUnits}. */
export type FormatUnitsParameters = { value: bigint; decimals: number }
/** Return type of {@link formatUnits}: an exact decimal string without trailing zeros. */
export type FormatUnitsReturnType = string

function checkDecimals(decimals: number): void {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 77) {
    throw new InvalidAmountError(`decimals ${decimals}`, {
      details: 'decimals must be an integer in [0, 77]',
    })
  }
}

/**
 * Formats a raw integer amount as an exact decimal string (`value / 10^decimals`).
 *
 * @example
 * formatUnits({ value: -1_234_500n, decimals: 6 }) // '-1.2345'
 */
export function formatUnits(parameters: FormatUnitsParameters): FormatUnitsReturnType {
  const { value, decimals } = parameters
  checkDecimals(decimals)
  const negative = value < 0n
  const digits = (negative ? -value : value).toString().padStart(decimals + 1, '0')
  const integer = digits.slice(0, digits.length - decimals)
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '')
  return `${negative ? '-' : ''}${integer}${fraction ? `.${fraction}` : ''}`
}

/** Parameters of {@link parseUnits}. */
export type ParseUnitsParameters = { value: string; decimals: number }
/** Return type of {@link parseUnits}: the raw integer amount. */
export type ParseUnitsReturnType = bigint

/**
 * Parses a decimal string into a raw integer amount; rejects more fractional digits than
 * `decimals` instead of rounding silently.
 *
 * @example
 * parseUnits({ value: '1.5', decimals: 18 }) // 1_500_000_000_000_000_000n
 */
export function parseUnits(parameters: ParseUnitsParameters): ParseUnitsReturnType {
  const { value, decimals } = parameters
  checkDecimals(decimals)
  const match = /^(-?)(\d+)(?:\.(\d*))?$/.exec(value.trim())
  if (!match) throw new InvalidAmountError(JSON.stringify(value), { details: 'expected a decimal string' })
  const [, sign, integer = '0', fraction = ''] = match
  if (fraction.length > decimals) {
    throw new InvalidAmountError(value, { details: `more than ${decimals} fractional digits` })
  }
  const raw = BigInt(integer + fraction.padEnd(decimals, '0'))
  return sign === '-' ? -raw : raw
}

/** Parameters of {@link formatUsd}. */
export type FormatUsdParameters = { value: number; decimals?: number | undefined }
/** Return type of {@link formatUsd}: a plain decimal string (no exponent, no separators). */
export type FormatUsdReturnType = string

/**
 * Formats an engine USD figure (float64) as a decimal string rounded half away from zero to
 * `decimals` places (default 2), for the wire. Never emits exponent notation; `-0` becomes `0`.
 * Throws {@link InvalidAmountError} on NaN or ±Infinity: those are not money.
 *
 * @example
 * formatUsd({ value: 1234.5678 }) // '1234.57'
 * formatUsd({ value: 1e22, decimals: 0 }) // '10000000000000000000000'
 */
export function formatUsd(parameters: FormatUsdParameters): FormatUsdReturnType {
  const { value } = parameters
  const decimals = parameters.decimals ?? 2
  if (!Number.isFinite(value)) throw new InvalidAmountError(String(value), { details: 'not a finite number' })
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 20) {
    throw new InvalidAmountError(`decimals ${decimals}`, {
      details: 'decimals must be an integer in [0, 20]',
    })
  }
  // Work from the shortest round-trip representation so that 1.005 stays 1.005 (not 1.00499...).
  const text = Math.abs(value).toString()
  const [mantissa = '0', exponentText] = text.split('e')
  const exponent = exponentText ? Number(exponentText) : 0
  const [intPart = '0', fracPart = ''] = mantissa.split('.')
  const digits = BigInt(intPart + fracPart)
  const scale = fracPart.length - exponent // value = digits / 10^scale
  let scaled: bigint
  if (scale <= decimals) {
    scaled = digits * 10n ** BigInt(decimals - scale)
  } else {
    const divisor = 10n ** BigInt(scale - decimals)
    scaled = digits / divisor
    if ((digits % divisor) * 2n >= divisor) scaled += 1n
  }
  const negative = value < 0 && scaled !== 0n
  return formatUnits({ value: negative ? -scaled : scaled, decimals }).replace(
    /^(-?\d+)(?:\.(\d*))?$/,
    (_, int: string, frac: string | undefined) =>
      decimals === 0 ? int : `${int}.${(frac ?? '').padEnd(decimals, '0')}`,
  )
}

/** Parameters of {@link toNumber}. */
export type ToNumberParameters = { value: bigint; decimals: number }
/** Return type of {@link toNumber}. */
export type ToNumberReturnType = number

/**
 * Converts a raw integer amount to float64 at the engine boundary, splitting integer and fraction
 * so that large amounts keep the precision of their integer part.
 *
 * @example
 * toNumber({ value: 1_500_000n, decimals: 6 }) // 1.5
 */
export function toNumber(parameters: ToNumberParameters): ToNumberReturnType {
  const { value, decimals } = parameters
  if (decimals === 0) return Number(value)
  const unit = 10n ** BigInt(decimals)
  const integer = value / unit
  const fraction = value % unit
  return Number(integer) + Number(fraction) / Number(unit)
}
