import type { Logger } from 'pino'

/** Parameters of {@link onShutdown}. */
export type OnShutdownParameters = {
  logger: Logger
  /** Stops everything; its rejection is logged and turns the exit code to 1. */
  stop: (signal: string) => Promise<void>
}

/**
 * Runs `stop` once on SIGINT, SIGTERM or SIGHUP, then exits (0, or 1 if stopping failed). A second signal
 * while stopping exits at once with 130.
 *
 * @example
 * onShutdown({ logger, stop: async () => { await indexer.stop(); await api.close(); store.close() } })
 */
export function onShutdown(parameters: OnShutdownParameters): void {
  const { logger, stop } = parameters
  let stopping = false
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now')
      process.exit(130)
    }
    stopping = true
    logger.info({ signal }, 'stopping')
    stop(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'error while stopping')
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', handler)
  process.on('SIGTERM', handler)
  // The terminal went away (ssh dropped, window closed): stop cleanly too.
  process.on('SIGHUP', handler)
}
