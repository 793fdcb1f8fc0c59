import { GraphQLError, Kind, type ValueNode } from 'graphql'
import { getAddress, isAddress } from 'viem'
import { type ApiErrorCode, echo, httpStatusOf } from '../errors.js'
import type { ApiBuilder } from './builder.js'

function inputError(code: ApiErrorCode, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: httpStatusOf[code] } } })
}

/**
 * Parses an `Address` input: 0x + 40 hex digits; a mixed-case address must carry a valid EIP-55
 * checksum (all-lowercase and all-uppercase are accepted as unchecksummed). Returns it lowercased.
 *
 * @example
 * parseAddress('0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045') // '0xd8da6bf26964af9d7eed9e03e53415d37aa96045'
 */
export function parseAddress(value: unknown): `0x${string}` {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(value))
    throw inputError('INVALID_ADDRESS', `Invalid address ${echo(value)}: expected 0x and 40 hex digits.`)
  if (!isAddress(value, { strict: true }))
    throw inputError('INVALID_ADDRESS', `Invalid address ${value}: wrong EIP-55 checksum.`)
  return value.toLowerCase() as `0x${string}`
}

/**
 * Parses a `BigInt` input: a string of a base-10 integer. Numbers are rejected (they lose precision
 * above 2^53 in JSON clients).
 *
 * @example
 * parseBigInt('-12') // -12n
 */
export function parseBigInt(value: unknown): bigint {
  if (typeof value !== 'string' || !/^-?\d{1,78}$/.test(value))
    throw inputError('INVALID_BIGINT', `Invalid BigInt ${echo(value)}: expected a string of an integer.`)
  return BigInt(value)
}

/**
 * Parses a `Decimal` input: a string like `-12.5`. Numbers are rejected.
 *
 * @example
 * parseDecimal('1.25') // '1.25'
 */
export function parseDecimal(value: unknown): string {
  if (typeof value !== 'string' || !/^-?\d{1,60}(\.\d{1,36})?$/.test(value))
    throw inputError('INVALID_DECIMAL', `Invalid Decimal ${echo(value)}: expected a decimal string.`)
  return value
}

function literal(node: ValueNode): unknown {
  // Only string literals are accepted: `123` for a BigInt is a number literal and rejected by the parser.
  return node.kind === Kind.STRING ? node.value : { kind: node.kind }
}

/**
 * Adds the `Address`, `BigInt` and `Decimal` scalars.
 *
 * @example
 * addScalars(builder)
 */
export function addScalars(builder: ApiBuilder): void {
  builder.scalarType('Address', {
    description:
      'A 20-byte EVM address. Input: 0x + 40 hex digits, EIP-55 checksum checked when mixed-case. Output: checksummed.',
    serialize: (value) => getAddress(String(value)),
    parseValue: parseAddress,
    parseLiteral: (node) => parseAddress(literal(node)),
  })
  builder.scalarType('BigInt', {
    description: 'An integer of any size as a base-10 string (number literals are rejected).',
    serialize: (value) => (typeof value === 'bigint' ? value.toString() : String(parseBigInt(String(value)))),
    parseValue: parseBigInt,
    parseLiteral: (node) => parseBigInt(literal(node)),
  })
  builder.scalarType('Decimal', {
    description: 'An exact decimal number as a string (USD values, ratios). Never a float on the wire.',
    serialize: (value) => String(value),
    parseValue: parseDecimal,
    parseLiteral: (node) => parseDecimal(literal(node)),
  })
}
