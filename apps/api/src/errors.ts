import { BaseError, type BaseErrorParameters } from '@xmargin/core'

/** Every code a client can see in `errors[].extensions.code`. Anything else is masked as INTERNAL_SERVER_ERROR. */
export type ApiErrorCode =
  | 'INVALID_ADDRESS'
  | 'INVALID_BIGINT'
  | 'INVALID_DECIMAL'
  | 'BAD_USER_INPUT'
  | 'UNKNOWN_CHAIN'
  | 'UNKNOWN_ASSET'
  | 'UNKNOWN_FACTOR'
  | 'UNKNOWN_POSITION'
  | 'UNKNOWN_ACCOUNT'
  | 'UNKNOWN_WALLET'
  | 'INVALID_INT'
  | 'OUT_OF_RANGE'
  | 'TRACKING_LIMIT'
  | 'TOO_MANY_ADDRESSES'
  | 'STALE_DATA'
  | 'INSUFFICIENT_HISTORY'
  | 'INSUFFICIENT_LIQUIDITY_DATA'
  | 'UNAUTHENTICATED'
  | 'QUERY_TOO_DEEP'
  | 'TOO_MANY_TOKENS'
  | 'TOO_MANY_ALIASES'
  | 'TOO_MANY_DIRECTIVES'
  | 'QUERY_TOO_COSTLY'
  | 'PAYLOAD_TOO_LARGE'
  | 'LENGTH_REQUIRED'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'BAD_REQUEST'
  | 'GRAPHQL_PARSE_FAILED'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'INTROSPECTION_DISABLED'
  | 'PERSISTED_QUERY_NOT_FOUND'
  | 'PERSISTED_QUERY_ONLY'
  | 'TOO_MANY_SUBSCRIPTIONS'
  | 'RATE_LIMITED'
  | 'OVERLOADED'
  | 'TIMEOUT'
  | 'INTERNAL_SERVER_ERROR'

/**
 * HTTP status per code, whatever the request's `accept` header: client mistakes are 4xx, data we cannot
 * vouch for and timeouts are 503/504.
 */
export const httpStatusOf: Readonly<Record<ApiErrorCode, number>> = {
  INVALID_ADDRESS: 400,
  INVALID_BIGINT: 400,
  INVALID_DECIMAL: 400,
  BAD_USER_INPUT: 400,
  UNKNOWN_CHAIN: 400,
  UNKNOWN_ASSET: 400,
  UNKNOWN_FACTOR: 400,
  UNKNOWN_POSITION: 400,
  UNKNOWN_ACCOUNT: 400,
  UNKNOWN_WALLET: 400,
  INVALID_INT: 400,
  OUT_OF_RANGE: 400,
  TRACKING_LIMIT: 429,
  TOO_MANY_ADDRESSES: 400,
  STALE_DATA: 503,
  INSUFFICIENT_HISTORY: 503,
  INSUFFICIENT_LIQUIDITY_DATA: 503,
  UNAUTHENTICATED: 401,
  QUERY_TOO_DEEP: 400,
  TOO_MANY_TOKENS: 400,
  TOO_MANY_ALIASES: 400,
  TOO_MANY_DIRECTIVES: 400,
  QUERY_TOO_COSTLY: 400,
  PAYLOAD_TOO_LARGE: 413,
  LENGTH_REQUIRED: 411,
  UNSUPPORTED_MEDIA_TYPE: 415,
  BAD_REQUEST: 400,
  GRAPHQL_PARSE_FAILED: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  INTROSPECTION_DISABLED: 400,
  PERSISTED_QUERY_NOT_FOUND: 404,
  PERSISTED_QUERY_ONLY: 400,
  TOO_MANY_SUBSCRIPTIONS: 429,
  RATE_LIMITED: 429,
  OVERLOADED: 503,
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

/**
 * An {@link ApiError} the client may retry after `retryAfterSeconds`: sent with a `Retry-After`
 * header and `extensions.retryAfterSeconds`.
 *
 * @example
 * throw new RetryLaterError('OVERLOADED', 'The engine queue is full (100 tasks waiting).', 1)
 */
export class RetryLaterError extends ApiError {
  override name = 'RetryLaterError'
  readonly retryAfterSeconds: number

  constructor(code: ApiErrorCode, shortMessage: string, retryAfterSeconds: number) {
    super(code, shortMessage)
    this.retryAfterSeconds = retryAfterSeconds
  }
}

/**
 * Settings the API server cannot start with (an admin key too short, a signer key that is not the
 * published signer, an unknown limit). Thrown by `createApiServer`, before anything listens.
 *
 * @example
 * throw new ApiSettingsError('The admin key must be at least 16 characters (got 1).')
 */
export class ApiSettingsError extends BaseError {
  override name = 'ApiSettingsError'
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

/** Longest piece of a client's input an error message quotes. */
export const MAX_ECHO_CHARS = 80

/**
 * A client's value quoted in an error message, at most {@link MAX_ECHO_CHARS} characters: a 400 KB
 * bad address is echoed as its first 80 characters and how long it was, never in full.
 *
 * @example
 * echo('0x1234') // '"0x1234"'
 * echo('a'.repeat(400_000)) // '"aaaa…aaaa"… (400000 characters)'
 */
export function echo(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))
  if (text.length <= MAX_ECHO_CHARS) return typeof value === 'string' ? JSON.stringify(text) : text
  return `${JSON.stringify(text.slice(0, MAX_ECHO_CHARS))}… (${text.length} characters)`
}

/**
 * A list of valid names for an error message: sorted, at most `max` of them and how many more.
 *
 * @example
 * validNames(['ETH', 'BTC', 'USD']) // 'BTC, ETH, USD'
 */
export function validNames(names: Iterable<string>, max = 20): string {
  const all = [...new Set(names)].sort()
  const shown = all.slice(0, max).join(', ')
  return all.length > max ? `${shown} and ${all.length - max} more` : shown || '(none)'
}

/**
 * The code of an error a client caused (an {@link ApiError} or a GraphQL error carrying a 4xx
 * code, directly or as its cause); null for anything else. Client errors are logged at info, never
 * as unexpected errors.
 *
 * @example
 * clientErrorCode(new ApiError('UNKNOWN_CHAIN', 'Chain 5 is not indexed.')) // 'UNKNOWN_CHAIN'
 */
export function clientErrorCode(error: unknown): ApiErrorCode | null {
  let current: unknown = error
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code =
      current instanceof ApiError
        ? current.code
        : (current as { extensions?: { code?: unknown } }).extensions?.code
    if (typeof code === 'string' && code in httpStatusOf) {
      const status = httpStatusOf[code as ApiErrorCode]
      return status >= 400 && status < 500 ? (code as ApiErrorCode) : null
    }
    current = (current as { originalError?: unknown; cause?: unknown }).originalError ?? current.cause
  }
  return null
}
