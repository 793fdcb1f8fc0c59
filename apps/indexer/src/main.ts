import { BaseError, redactUrls } from '@xmargin/core'
import { CommanderError } from 'commander'
import { exitCodeOf, exitCodes } from './errors.js'
import { createDaemonLogger } from './logger.js'
import { createProgram } from './program.js'

try {
  await createProgram().parseAsync(process.argv)
  process.exit(exitCodes.ok)
} catch (error) {
  process.exit(report(error))
}

/**
 * A fatal error as one JSON line on stderr: `msg` is the one-line message (a config error names
 * the file and the key), `err` the error with its details, `exit_code` the code it exits with;
 * URLs are cut to their origin (`redactUrls`).
 */
function report(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version exit 0; commander already printed usage errors.
    return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage
  }
  const exitCode = exitCodeOf(error)
  const message =
    error instanceof BaseError
      ? error.shortMessage
      : error instanceof Error
        ? (error.message.split('\n')[0] ?? error.name)
        : String(error)
  // The logger redacts URLs in the whole line (`err` included); the message is redacted here too.
  createDaemonLogger().fatal({ err: error, exit_code: exitCode }, redactUrls(message))
  return exitCode
}
