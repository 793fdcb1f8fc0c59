import { createIndexer, type Indexer, type IndexerChain } from '@xmargin/indexer'
import type { Store } from '@xmargin/store'
import type { Logger } from 'pino'
import { createSyncProgress } from '../ui/sync-progress.js'

/** Parameters of {@link startIndexer}. */
export type StartIndexerParameters = {
  store: Store
  chains: readonly IndexerChain[]
  /** The indexer's logger (the caller may silence it while stopping). */
  logger: Logger
  pollingIntervalMs?: number | undefined
  onBlock?: ((chainId: number, blockNumber: bigint) => void) | undefined
  /** Progress bars during the first sync; default when stderr is a terminal. */
  progress?: boolean | undefined
}
/** Return type of {@link startIndexer}. */
export type StartIndexerReturnType = {
  indexer: Indexer
  /** Resolves when `run()` returns (after `stop()`). */
  running: Promise<void>
}

/**
 * Creates the indexer, runs the first sync of every chain to the head seen at start (progress bars
 * per chain), then follows the heads in the background until `indexer.stop()`. The per-chain
 * `first sync done` log says how heads arrive (`heads`: `websocket` or `polling`).
 *
 * @example
 * const { indexer } = await startIndexer({ store, chains, logger })
 * // … later
 * await indexer.stop()
 */
export async function startIndexer(parameters: StartIndexerParameters): Promise<StartIndexerReturnType> {
  const { store, chains, logger } = parameters
  const progress = createSyncProgress({ chains, enabled: parameters.progress })
  const indexer = createIndexer({
    store,
    chains,
    logger,
    pollingIntervalMs: parameters.pollingIntervalMs,
    onProgress: progress.onProgress,
    onBlock: (chainId, result) => parameters.onBlock?.(chainId, result.blockNumber),
  })
  const started = Date.now()
  try {
    await Promise.all(
      chains.map(async (chain) => {
        await indexer.syncToHead([chain.chainId])
        const status = indexer.status().find((s) => s.chainId === chain.chainId)
        progress.done(chain.chainId, status?.indexedBlock ?? null)
      }),
    )
  } finally {
    progress.stop()
  }
  for (const status of indexer.status()) {
    const chain = chains.find((c) => c.chainId === status.chainId)
    logger.info(
      {
        chain_id: status.chainId,
        block_number: Number(status.indexedBlock ?? -1),
        ms: Date.now() - started,
        heads: chain?.watchHeads ? 'websocket' : 'polling',
      },
      'first sync done',
    )
  }
  const running = indexer.run()
  return { indexer, running }
}
