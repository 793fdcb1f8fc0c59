import { BaseError, type BaseErrorParameters } from '@xmargin/core'

/** Every code a client can see in `errors[].extensions.code`. Anything else is masked as INTERNAL_SERVER_ERROR. */
export type ApiErrorCode =
  | 'INVALID_ADDRESS'
  | 'INVALID_BIGINT'
  | 'INVALID_DECIMAL'
  | 'BAD_USER_INPUT'
  | 'UNKNOWN_CHAIN'
  | 'UNKNOWN_ASSET'
  | 'TOO_MANY_ADDRESSES'
  | 'STALE_DATA'
  | 'UNAUTHENTICATED'
  | 'QUERY_TOO_DEEP'
  | 'TOO_MANY_TOKENS'
  | 'TOO_MANY_ALIASES'
  | 'TOO_MANY_DIRECTIVES'
  | 'QUERY_TOO_COSTLY'
  | 'PAYLOAD_TOO_LARGE'
  | 'LENGTH_REQUIRED'
  | 'TIMEOUT'
  | 'INTERNAL_SERVER_ERROR'

/** HTTP status per code: client mistakes are 4xx, data we cannot vouch for and timeouts are 503/504. */
export const httpStatusOf: Readonly<Record<ApiErrorCode, number>> = {
  INVALID_ADDRESS: 400,
  INVALID_BIGINT: 400,
  INVALID_DECIMAL: 400,
  BAD_USER_INPUT: 400,
  UNKNOWN_CHAIN: 400,
  UNKNOWN_ASSET: 400,
  TOO_MANY_ADDRESSES: 400,
  STALE_DATA: 503,
  UNAUTHENTICATED: 401,
  QUERY_TOO_DEEP: 400,
  TOO_MANY_TOKENS: 400,
  TOO_MANY_ALIASES: 400,
  TOO_MANY_DIRECTIVES: 400,
  QUERY_TOO_COSTLY: 400,
  PAYLOAD_TOO_LARGE: 413,
  LENGTH_REQUIRED: 411,
  TIMEOUT: 504,
  INTERNAL_SERVER_ERROR: 500,
}

/**
 * An error the API shows to clients as it is: a one-line message and a stable `code`.
 *
 * @example
 * throw new ApiError('TOO_MANY_ADDRESSES', 'At most 1000 addresses per call, got 1001.')
 */
export class ApiError extends BaseError {
  override name = 'ApiError'
  readonly code: ApiErrorCode

  constructor(code: ApiErrorCode, shortMessage: string, parameters: BaseErrorParameters = {}) {
    super(shortMessage, parameters)
    this.code = code
  }
}

/** Most addresses one call may name (`margin`, `solvency`, subscriptions). */
export const MAX_ADDRESSES = 1000

/**
 * Rejects an address list above {@link MAX_ADDRESSES} (after de-duplication) with `TOO_MANY_ADDRESSES`.
 *
 * @example
 * assertAddressCount(args.addresses) // throws ApiError('TOO_MANY_ADDRESSES') for 1001 addresses
 */
export function assertAddressCount(addresses: readonly string[], max: number = MAX_ADDRESSES): void {
  if (addresses.length > max)
    throw new ApiError('TOO_MANY_ADDRESSES', `At most ${max} addresses per call, got ${addresses.length}.`)
  if (addresses.length === 0) throw new ApiError('BAD_USER_INPUT', 'At least one address is required.')
}
