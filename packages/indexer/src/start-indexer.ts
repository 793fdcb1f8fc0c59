import type { Store } from '@xmargin/store'
import type { Logger } from 'pino'
import {
  type CreateIndexerParameters,
  createIndexer,
  type Indexer,
  type IndexerChainStatus,
} from './create-indexer.js'
import { StandbyStoppedError } from './errors.js'
import type { BackfillProgress } from './sync/backfill.js'
import type { ProcessBlockReturnType } from './sync/process-block.js'
import type { IndexerChain } from './types.js'

/** Parameters of {@link startIndexer}. */
export type StartIndexerParameters = {
  store: Store
  chains: readonly IndexerChain[]
  /** The indexer's logger (the caller may silence it while stopping). */
  logger: Logger
  pollingIntervalMs?: number | undefined
  /** Backfill progress of the first sync (progress bars, periodic logs). */
  onProgress?: ((progress: BackfillProgress) => void) | undefined
  /** A chain reached the head seen at start. */
  onChainSynced?: ((status: IndexerChainStatus) => void) | undefined
  onBlock?: ((chainId: number, result: ProcessBlockReturnType) => void) | undefined
  onClock?: ((chainId: number, event: { clock: number; blockNumber: bigint }) => void) | undefined
  /**
   * Aborting ends the first sync promptly (a backfill after its `eth_getLogs` chunk in flight, with
   * what it scanned committed and no snapshot taken; see `syncToHead`), and nothing follows the heads.
   */
  signal?: AbortSignal | undefined
  /** History kept below each chain's finalized block, seconds (see `createIndexer`). Default 0. */
  retainHistorySeconds?: number | undefined
} & Pick<CreateIndexerParameters, 'standby' | 'standbyPollMs' | 'writerLockTimeoutMs'>
/** Return type of {@link startIndexer}. */
export type StartIndexerReturnType = {
  indexer: Indexer
  /** Resolves when `run()` returns (after `stop()`), at once when `signal` aborted the first sync. */
  running: Promise<void>
}

/**
 * Creates the indexer, logs where each chain resumes (`resume_from_block`: the stored tip, or null
 * on a fresh database), runs the first sync of every chain to the head seen at start, then follows
 * the heads in the background until `indexer.stop()`. The per-chain `first sync done` log says how
 * heads arrive (`heads`: `websocket` or `polling`).
 *
 * @example
 * const { indexer } = await startIndexer({ store, chains, logger })
 * // … later
 * await indexer.stop()
 */
export async function startIndexer(parameters: StartIndexerParameters): Promise<StartIndexerReturnType> {
  const { store, chains, logger, signal } = parameters
  const indexer = createIndexer({
    store,
    chains,
    logger,
    pollingIntervalMs: parameters.pollingIntervalMs,
    onProgress: parameters.onProgress,
    onBlock: parameters.onBlock,
    onClock: parameters.onClock,
    retainHistorySeconds: parameters.retainHistorySeconds,
    standby: parameters.standby,
    standbyPollMs: parameters.standbyPollMs,
    writerLockTimeoutMs: parameters.writerLockTimeoutMs,
  })
  const stopped = { indexer, running: Promise.resolve() }
  if (signal?.aborted) return stopped
  // Ends the first sync between two getLogs chunks or blocks, or later the follow loop.
  signal?.addEventListener('abort', () => void indexer.stop(), { once: true })
  for (const chain of chains) {
    const tip = await store.getTip({ chainId: chain.chainId })
    logger.info(
      {
        chain_id: chain.chainId,
        resume_from_block: tip ? tip.number : null,
        start_block: Number(chain.startBlock),
      },
      'indexer starting',
    )
  }
  if (signal?.aborted) return stopped
  let started = Date.now()
  try {
    // A standby waits here (in the first step) until it holds the chains; the sync counts from then.
    const first = chains[0]
    if (parameters.standby && first) {
      await indexer.step(first.chainId)
      started = Date.now()
    }
    await Promise.all(
      chains.map(async (chain) => {
        await indexer.syncToHead([chain.chainId])
        const status = indexer.status().find((s) => s.chainId === chain.chainId)
        if (status && !signal?.aborted) parameters.onChainSynced?.(status)
      }),
    )
  } catch (error) {
    // Stopped while waiting as a standby: it wrote nothing, and there is nothing to follow.
    if (error instanceof StandbyStoppedError && signal?.aborted) return stopped
    throw error
  }
  if (signal?.aborted) return stopped
  // Readers are served a block once every chain's clock has passed it (the store's cut in time):
  // one sync of every chain, which waits for that, so the first answer is over the first sync.
  await indexer.syncToHead()
  if (signal?.aborted) return stopped
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
