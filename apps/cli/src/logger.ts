import { redactUrls } from '@xmargin/core'
import { type Logger, pino } from 'pino'
import { build as prettyStream } from 'pino-pretty'

/** Parameters of {@link createCliLogger}. */
export type CreateCliLoggerParameters = {
  /** pino level; default `info`. */
  level?: string | undefined
  /** Pretty lines for people (default: when stderr is a terminal); JSON lines otherwise. */
  pretty?: boolean | undefined
}
/** Return type of {@link createCliLogger}. */
export type CreateCliLoggerReturnType = Logger

/**
 * The CLI's logger, on stderr (stdout stays for reports and JSON): pino-pretty in a terminal,
 * JSON lines otherwise, so logs pipe into anything that reads pino. Every line goes through
 * `redactUrls` before it is written (or pretty-printed): RPC errors quote provider URLs, whose path
 * or query often holds an API key.
 *
 * @example
 * const logger = createCliLogger({ level: 'warn' })
 * logger.info({ chain_id: 1 }, 'synced')
 */
export function createCliLogger(parameters: CreateCliLoggerParameters = {}): CreateCliLoggerReturnType {
  const level = parameters.level ?? 'info'
  const pretty = parameters.pretty ?? Boolean(process.stderr.isTTY)
  const options = { level, base: { service: 'xmargin' }, hooks: { streamWrite: redactUrls } }
  if (!pretty) return pino(options, pino.destination({ fd: 2, sync: true }))
  const stream = prettyStream({
    destination: 2,
    sync: true,
    colorize: true,
    translateTime: 'HH:MM:ss',
    ignore: 'pid,hostname,service',
  })
  return pino(options, stream)
}
