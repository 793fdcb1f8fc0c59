import { BaseError } from './base-error.js'

/** One way a value differs from a chain spec, with the path of the offending key. */
export type ChainSpecIssue = {
  /** Dotted path of the key, e.g. `chains[0].tokens[1].feed`. */
  path: string
  /** What is wrong with it. */
  message: string
}

/**
 * Thrown by `parseChainSpec` when a value read as a chain spec is not one: a token without a feed, an
 * address that is not 20 bytes, no `multicall3`... Every issue names its key in `issues`.
 */
export class InvalidChainSpecError extends BaseError {
  override name = 'InvalidChainSpecError'
  readonly issues: readonly ChainSpecIssue[]

  constructor(issues: readonly ChainSpecIssue[]) {
    const first = issues[0]
    super(
      `Invalid chain spec: ${first ? `${first.path}: ${first.message}` : 'unknown issue'}${
        issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''
      }`,
      { details: issues.map((issue) => `${issue.path}: ${issue.message}`).join('\n') },
    )
    this.issues = issues
  }
}
