import { IntegerCodecError } from '../errors.js'

/** Digits after the sign marker: 10^78 > 2^256, so every uint256 and int256 magnitude fits. */
const digits = 78
const modulus = 10n ** BigInt(digits)

/** Total length of an encoded value: one sign marker and 78 digits. */
export const sortableIntLength = digits + 1

/** Inclusive bounds of a big integer column. */
export type IntegerBounds = { readonly name: string; readonly min: bigint; readonly max: bigint }

export const uint256Bounds: IntegerBounds = { name: 'uint256', min: 0n, max: 2n ** 256n - 1n }
export const int256Bounds: IntegerBounds = { name: 'int256', min: -(2n ** 255n), max: 2n ** 255n - 1n }
/** Any value that is a valid uint256 or a valid int256 (e.g. a raw amount that may be signed). */
export const evmIntBounds: IntegerBounds = {
  name: 'uint256|int256',
  min: -(2n ** 255n),
  max: 2n ** 256n - 1n,
}

export type EncodeSortableIntParameters = {
  value: bigint
  /** Range the value must lie in; defaults to `evmIntBounds`. */
  bounds?: IntegerBounds | undefined
}
export type EncodeSortableIntReturnType = string

/**
 * Encodes a big integer as fixed-width text whose byte order equals numeric order.
 *
 * Format: `p` + 78 zero-padded digits of `value` for `value >= 0`; `n` + 78 digits of `10^78 + value`
 * for `value < 0`, so more negative values sort first and `n…` sorts before `p…`. Works with SQLite's
 * default BINARY collation (and with `COLLATE "C"` text on PostgreSQL).
 *
 * @example
 * encodeSortableInt({ value: -1n }) // 'n999…999'
 * encodeSortableInt({ value: 42n, bounds: uint256Bounds }) // 'p000…042'
 */
export function encodeSortableInt(parameters: EncodeSortableIntParameters): EncodeSortableIntReturnType {
  const { value, bounds = evmIntBounds } = parameters
  assertIntInBounds({ value, bounds })
  if (value >= 0n) return `p${value.toString().padStart(digits, '0')}`
  return `n${(modulus + value).toString().padStart(digits, '0')}`
}

export type DecodeSortableIntParameters = {
  text: string
  bounds?: IntegerBounds | undefined
}
export type DecodeSortableIntReturnType = bigint

const pattern = /^[np][0-9]{78}$/

/**
 * Decodes text written by `encodeSortableInt` back to the exact bigint; rejects anything else.
 *
 * @example
 * decodeSortableInt({ text: encodeSortableInt({ value: -5n }) }) // -5n
 */
export function decodeSortableInt(parameters: DecodeSortableIntParameters): DecodeSortableIntReturnType {
  const { text, bounds = evmIntBounds } = parameters
  if (typeof text !== 'string' || !pattern.test(text))
    throw new IntegerCodecError('Stored text is not a sortable integer.', { details: `text ${String(text)}` })
  const magnitude = BigInt(text.slice(1))
  const value = text[0] === 'p' ? magnitude : magnitude - modulus
  if (value < bounds.min || value > bounds.max)
    throw new IntegerCodecError(`Stored value is out of ${bounds.name} range.`, { details: `value ${value}` })
  return value
}

/**
 * Throws `IntegerCodecError` unless `value` is a bigint within `bounds` (the check every big integer
 * column makes before a write, on either dialect).
 *
 * @example
 * assertIntInBounds({ value: 5n, bounds: uint256Bounds })
 */
export function assertIntInBounds(parameters: {
  value: unknown
  bounds: IntegerBounds
}): asserts parameters is {
  value: bigint
  bounds: IntegerBounds
} {
  const { value, bounds } = parameters
  if (typeof value !== 'bigint')
    throw new IntegerCodecError('Expected a bigint.', { details: `got ${typeof value} (${String(value)})` })
  if (value < bounds.min || value > bounds.max)
    throw new IntegerCodecError(`Value is out of ${bounds.name} range.`, { details: `value ${value}` })
}
