import type { Logger } from 'pino'
import type { Indexer } from './create-indexer.js'
import { IndexerStoppedError } from './errors.js'

/** Parameters of {@link whenLeaseLost}. */
export type WhenLeaseLostParameters = {
  /** A started indexer and its follow loop (`startIndexer`'s `indexer` and `running`). */
  indexer: Pick<Indexer, 'leaseLost'> & { status: () => readonly { chainId: number }[] }
  running: Promise<void>
  logger: Logger
}
/** Return type of {@link whenLeaseLost}. */
export type WhenLeaseLostReturnType = Promise<IndexerStoppedError | undefined>

/**
 * What every process that indexes (`xmargin-indexer`, `xmargin index`, `xmargin start` with or without
 * `--role indexer`) waits on once its indexer follows the heads. Resolves when the follow loop ends:
 * with the `IndexerStoppedError` to exit 1 with, after logging `writer lease lost to another indexer;
 * exiting` (`chain_id` and the new holder's `holder_pid`, `holder_host`), when the indexer stopped on
 * its own because another indexer took a chain over; with undefined when `stop()` ended it (a signal).
 * The caller then stops the rest of the process (an API beside the indexer too: it would serve data
 * nobody writes any more as if it were live) and exits 1, so a supervisor restarts it.
 *
 * @example
 * const { indexer, running } = await startIndexer({ store, chains, logger })
 * const lost = await whenLeaseLost({ indexer, running, logger })
 * if (lost) throw lost
 */
export async function whenLeaseLost(parameters: WhenLeaseLostParameters): WhenLeaseLostReturnType {
  const { indexer, running, logger } = parameters
  await running
  const lost = indexer.leaseLost()
  if (!lost) return undefined
  const chainIds = indexer.status().map((s) => s.chainId)
  logger.error(
    {
      chain_id: lost.chainId,
      holder_pid: lost.holder?.pid ?? null,
      holder_host: lost.holder?.host ?? null,
      chain_ids: chainIds,
    },
    'writer lease lost to another indexer; exiting',
  )
  return new IndexerStoppedError({ chainIds, lost })
}
