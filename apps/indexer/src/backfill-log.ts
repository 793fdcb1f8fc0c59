import type { BackfillProgress } from '@xmargin/indexer'
import type { Logger } from 'pino'

/** Parameters of {@link createBackfillLog}. */
export type CreateBackfillLogParameters = {
  logger: Logger
  /** At most one line per chain this often, ms (the first and the last step of a range always log). */
  intervalMs: number
  now?: (() => number) | undefined
}
/** Return type of {@link createBackfillLog}: the indexer's `onProgress`. */
export type CreateBackfillLogReturnType = (progress: BackfillProgress) => void

/**
 * Backfill progress as log lines instead of progress bars: `backfill progress` with `chain_id`,
 * `from_block`, `to_block`, `done_block` and `percent`, throttled per chain.
 *
 * @example
 * const onProgress = createBackfillLog({ logger, intervalMs: 30_000 })
 * await startIndexerFromConfig({ config, logger, onProgress })
 */
export function createBackfillLog(parameters: CreateBackfillLogParameters): CreateBackfillLogReturnType {
  const { logger, intervalMs, now = Date.now } = parameters
  const last = new Map<number, number>()
  return ({ chainId, fromBlock, toBlock, doneBlock }) => {
    const at = now()
    const previous = last.get(chainId)
    const finished = doneBlock >= toBlock
    if (previous !== undefined && at - previous < intervalMs && !finished) return
    last.set(chainId, at)
    const total = toBlock - fromBlock + 1n
    const done = doneBlock - fromBlock + 1n
    logger.info(
      {
        chain_id: chainId,
        from_block: Number(fromBlock),
        to_block: Number(toBlock),
        done_block: Number(doneBlock),
        percent: total > 0n ? Math.min(100, Math.floor((Number(done) * 100) / Number(total))) : 100,
      },
      'backfill progress',
    )
  }
}
