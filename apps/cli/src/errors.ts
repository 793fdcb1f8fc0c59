import { ChainSelectionError, ConfigError, ConfigNotFoundError } from '@xmargin/config'
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

/**
 * The exit code of an error that ends the command: a {@link CliError}'s own, 2 for a `--chains`
 * selection the config does not have (`ChainSelectionError`), 3 for a config that is missing or invalid (`ConfigError`, `ConfigNotFoundError` from `@xmargin/config`), else 1.
 *
 * @example
 * process.exitCode = exitCodeOf(error)
 */
export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof CliError) return error.exitCode
  if (error instanceof ChainSelectionError) return exitCodes.usage
  if (error instanceof ConfigError || error instanceof ConfigNotFoundError) return exitCodes.config
  return exitCodes.failure
}
