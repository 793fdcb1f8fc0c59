import { type Logger, pino } from 'pino'

/**
 * The API's default logger: pino JSON lines with `service: 'api'`. Pass your own to share one with the indexer.
 *
 * @example
 * const logger = createApiLogger({ level: 'warn' })
 */
export function createApiLogger(parameters: { level?: string | undefined } = {}): Logger {
  return pino({ level: parameters.level ?? 'info', base: { service: 'api' } })
}
