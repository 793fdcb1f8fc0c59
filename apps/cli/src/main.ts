import { BaseError, redactUrls } from '@xmargin/core'
import { CommanderError } from 'commander'
import { exitCodeOf, exitCodes } from './errors.js'
import { createProgram } from './program.js'

const verbose = process.argv.includes('--verbose') || process.argv.includes('-v')

try {
  await createProgram().parseAsync(process.argv)
} catch (error) {
  // An error ends the command at once, whatever it left open (a long-running command's RPC websockets,
  // say, after its indexer lost its writer lease); stderr is written synchronously on Linux.
  process.exit(report(error))
}

/**
 * One readable line on stderr (details and stack with --verbose), every URL in it cut to its origin
 * (`redactUrls`: provider keys live in the path); returns the exit code.
 */
function report(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version exit 0; commander already printed usage errors.
    return error.exitCode === 0 ? exitCodes.ok : exitCodes.usage
  }
  const line = redactUrls(
    error instanceof BaseError
      ? error.shortMessage
      : error instanceof Error
        ? (error.message.split('\n')[0] ?? error.name)
        : String(error),
  )
  process.stderr.write(`xmargin: ${line}\n`)
  if (verbose) {
    if (error instanceof BaseError && error.details) process.stderr.write(`${redactUrls(error.details)}\n`)
    if (error instanceof Error && error.stack) process.stderr.write(`${redactUrls(error.stack)}\n`)
  } else if (error instanceof BaseError && error.details) {
    const hint = redactUrls(error.details).split('\n')[0]
    if (hint && !hint.startsWith(line)) process.stderr.write(`  ${hint}\n`)
  } else process.stderr.write('  (--verbose for details)\n')
  return exitCodeOf(error)
}
