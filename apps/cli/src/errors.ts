import { BaseError } from '@xmargin/core'

/** Exit codes of the `xmargin` command (documented in the README's CLI reference). */
export const exitCodes = {
  ok: 0,
  /** Something unexpected (a bug, an RPC that keeps failing). */
  failure: 1,
  /** Bad command-line usage (unknown option, missing argument). */
  usage: 2,
  /** The config file is missing or invalid. */
  config: 3,
  /** The data is not there yet or cannot be trusted (nothing indexed, no devnet running). */
  unavailable: 4,
} as const

/** One exit code of {@link exitCodes}. */
export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes]

/**
 * Root of the CLI's errors: a one-line `shortMessage` (what the user sees) and the exit code.
 *
 * @example
 * throw new CliError('No devnet manifest at .xmargin/devnet.json.', { exitCode: exitCodes.unavailable })
 */
export class CliError extends BaseError {
  override name = 'CliError'
  readonly exitCode: ExitCode

  constructor(
    shortMessage: string,
    parameters: { details?: string; cause?: unknown; exitCode?: ExitCode } = {},
  ) {
    super(shortMessage, parameters)
    this.exitCode = parameters.exitCode ?? exitCodes.failure
  }
}

/** One problem in a config file: the dotted key and what is wrong with it. */
export type ConfigIssue = { path: string; message: string }

/**
 * A config file that cannot be used. The message names the file and the first bad key
 * (`xmargin.config.ts: chains.ethereum.rpcUrls: needs at least one RPC URL`); `issues` has them all.
 *
 * @example
 * throw new ConfigError('xmargin.config.ts', [{ path: 'api.port', message: 'must be a port number' }])
 */
export class ConfigError extends CliError {
  override name = 'ConfigError'
  readonly file: string
  readonly issues: readonly ConfigIssue[]

  constructor(file: string, issues: readonly ConfigIssue[], parameters: { cause?: unknown } = {}) {
    const first = issues[0]
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''
    super(`${file}: ${first ? `${first.path}: ${first.message}` : 'invalid config'}${more}`, {
      details: issues.map((i) => `${file}: ${i.path}: ${i.message}`).join('\n'),
      cause: parameters.cause,
      exitCode: exitCodes.config,
    })
    this.file = file
    this.issues = issues
  }
}
