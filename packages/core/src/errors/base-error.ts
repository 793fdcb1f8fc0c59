/** Parameters accepted by {@link BaseError}. */
export type BaseErrorParameters = {
  /** Extra lines of context (what was being done, which key). */
  details?: string | undefined
  /** The underlying error, when this one wraps another. */
  cause?: unknown
  /** Whether retrying the same call can succeed (I/O hiccups) or not (bad input). */
  retryable?: boolean | undefined
}

/**
 * Root of every error thrown by xmargin packages. Carries a one-line `shortMessage`, optional
 * `details`, the `cause`, and whether the operation is `retryable`.
 *
 * @example
 * class UnknownChainError extends BaseError {
 *   override name = 'UnknownChainError'
 *   constructor(chainId: number) {
 *     super(`Unknown chain ${chainId}.`, { details: 'Add it to xmargin.config.ts.' })
 *   }
 * }
 */
export class BaseError extends Error {
  override name = 'BaseError'
  readonly shortMessage: string
  readonly details: string | undefined
  readonly retryable: boolean

  constructor(shortMessage: string, parameters: BaseErrorParameters = {}) {
    const message = parameters.details ? `${shortMessage}\n\nDetails: ${parameters.details}` : shortMessage
    super(message, parameters.cause === undefined ? undefined : { cause: parameters.cause })
    this.shortMessage = shortMessage
    this.details = parameters.details
    this.retryable = parameters.retryable ?? false
  }
}
