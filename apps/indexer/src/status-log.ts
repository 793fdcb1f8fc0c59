import type { Indexer } from '@xmargin/indexer'
import type { Logger } from 'pino'

/** Parameters of {@link startStatusLog}. */
export type StartStatusLogParameters = {
  indexer: Pick<Indexer, 'status'>
  logger: Logger
  intervalMs: number
}
/** Return type of {@link startStatusLog}: stops the logging. */
export type StartStatusLogReturnType = () => void

/**
 * Every `intervalMs`, one `chain status` line per chain: `chain_id`, `phase`, `head_block`,
 * `indexed_block`, `lag_blocks`, `age_seconds`, `stale` and `consecutive_errors`; at warn when
 * the chain is stale (its data would make reports UNKNOWN), at info otherwise.
 *
 * @example
 * const stop = startStatusLog({ indexer, logger, intervalMs: 30_000 })
 * // … on shutdown
 * stop()
 */
export function startStatusLog(parameters: StartStatusLogParameters): StartStatusLogReturnType {
  const { indexer, logger, intervalMs } = parameters
  const orNull = (value: bigint | null) => (value === null ? null : Number(value))
  const timer = setInterval(() => {
    for (const s of indexer.status()) {
      const line = {
        chain_id: s.chainId,
        phase: s.phase,
        head_block: orNull(s.headBlock),
        indexed_block: orNull(s.indexedBlock),
        lag_blocks: orNull(s.lagBlocks),
        age_seconds: s.ageSeconds === null ? null : Math.round(s.ageSeconds),
        stale: s.stale,
        stale_reasons: s.staleReasons,
        consecutive_errors: s.consecutiveErrors,
      }
      if (s.stale) logger.warn(line, 'chain status')
      else logger.info(line, 'chain status')
    }
  }, intervalMs)
  return () => clearInterval(timer)
}
