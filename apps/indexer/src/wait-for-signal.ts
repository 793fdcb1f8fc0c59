import type { Logger } from 'pino'
import { exitCodes } from './errors.js'

/** Parameters of {@link waitForSignal}. */
export type WaitForSignalParameters = {
  /** Aborted at the first signal (the indexer's start stops early). */
  controller: AbortController
  logger: Logger
}
/** Return type of {@link waitForSignal}: the first signal received. */
export type WaitForSignalReturnType = Promise<NodeJS.Signals>

/**
 * Resolves at the first SIGINT, SIGTERM or SIGHUP (aborting `controller`, so a start in progress
 * ends early). A second signal while stopping exits at once with 130.
 *
 * @example
 * const signal = await waitForSignal({ controller, logger })
 * await indexer.stop()
 */
export function waitForSignal(parameters: WaitForSignalParameters): WaitForSignalReturnType {
  const { controller, logger } = parameters
  return new Promise((resolve) => {
    const handler = (signal: NodeJS.Signals) => {
      if (controller.signal.aborted) {
        logger.warn({ signal }, 'second signal: exiting now')
        process.exit(exitCodes.interrupted)
      }
      logger.info({ signal }, 'stopping')
      controller.abort(signal)
      resolve(signal)
    }
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, handler)
  })
}
