import { redactUrls } from '@xmargin/core'
import { type Logger, pino } from 'pino'

/** Parameters of {@link createDaemonLogger}. */
export type CreateDaemonLoggerParameters = {
  /** pino level; default `info`. */
  level?: string | undefined
}
/** Return type of {@link createDaemonLogger}. */
export type CreateDaemonLoggerReturnType = Logger

/**
 * The daemon's logger: pino JSON lines on stderr, synchronous (nothing is lost at exit), every line
 * tagged `service: xmargin-indexer`. stdout carries only `--dry-run`'s plan. Every line goes through
 * `redactUrls` as written: RPC errors quote the provider URL, whose path or query often holds an API
 * key; the logs keep only its origin.
 *
 * @example
 * const logger = createDaemonLogger({ level: 'debug' })
 * logger.info({ chain_id: 1, block_number: 21_000_000 }, 'first sync done')
 */
export function createDaemonLogger(
  parameters: CreateDaemonLoggerParameters = {},
): CreateDaemonLoggerReturnType {
  return pino(
    {
      level: parameters.level ?? 'info',
      base: { service: 'xmargin-indexer' },
      hooks: { streamWrite: redactUrls },
    },
    pino.destination({ fd: 2, sync: true }),
  )
}
