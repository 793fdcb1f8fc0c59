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
 * JSON lines otherwise, so logs pipe into anything that reads pino.
 *
 * @example
 * const logger = createCliLogger({ level: 'warn' })
 * logger.info({ chain_id: 1 }, 'synced')
 */
export function createCliLogger(parameters: CreateCliLoggerParameters = {}): CreateCliLoggerReturnType {
  const level = parameters.level ?? 'info'
  const pretty = parameters.pretty ?? Boolean(process.stderr.isTTY)
  if (!pretty) return pino({ level, base: { service: 'xmargin' } }, pino.destination({ fd: 2, sync: true }))
  const stream = prettyStream({
    destination: 2,
    sync: true,
    colorize: true,
    translateTime: 'HH:MM:ss',
    ignore: 'pid,hostname,service',
  })
  return pino({ level, base: { service: 'xmargin' } }, stream)
}
