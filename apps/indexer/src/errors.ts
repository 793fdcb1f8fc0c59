import { ChainSelectionError, ConfigError, ConfigNotFoundError } from '@xmargin/config'

/** Exit codes of `xmargin-indexer`: the same numbers as the `xmargin` CLI's. */
export const exitCodes = {
  /** Stopped by SIGINT, SIGTERM or SIGHUP after a clean shutdown; or `--dry-run`/`--help`. */
  ok: 0,
  /** Something unexpected (the store cannot be opened, the venues cannot be read at start…). */
  failure: 1,
  /** Bad command-line usage (unknown option, no `--config`, a `--chains` id the config lacks). */
  usage: 2,
  /** The config file is missing or invalid. */
  config: 3,
  /** A second signal while stopping: exited at once. */
  interrupted: 130,
} as const

/** One exit code of {@link exitCodes}. */
export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes]

/**
 * The exit code for an error that ends the daemon: 2 for a `--chains` selection the config does not
 * have (`ChainSelectionError`), 3 for a missing or invalid config, else 1.
 *
 * @example
 * process.exit(exitCodeOf(error))
 */
export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof ChainSelectionError) return exitCodes.usage
  if (error instanceof ConfigError || error instanceof ConfigNotFoundError) return exitCodes.config
  return exitCodes.failure
}
