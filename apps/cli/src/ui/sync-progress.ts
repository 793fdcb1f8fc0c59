import type { BackfillProgress, IndexerChainStatus } from '@xmargin/indexer'
import cliProgress from 'cli-progress'

/** Parameters of {@link createSyncProgress}. */
export type CreateSyncProgressParameters = {
  chains: readonly { chainId: number; name: string }[]
  /** Draw bars (default: when stderr is a terminal). Off, nothing is drawn; the logger reports instead. */
  enabled?: boolean | undefined
}
/** Return type of {@link createSyncProgress}. */
export type SyncProgress = {
  /** The indexer's `onProgress`: blocks scanned of the backfill range. */
  onProgress: (progress: BackfillProgress) => void
  /** `startIndexer`'s `onChainSynced`: the chain reached the head seen at start. */
  onChainSynced: (status: IndexerChainStatus) => void
  stop: () => void
}

/**
 * One progress bar per chain during the first sync (blocks done / total, rate, ETA), on stderr.
 *
 * @example
 * const progress = createSyncProgress({ chains })
 * const { indexer } = await startIndexer({ …, onProgress: progress.onProgress, onChainSynced: progress.onChainSynced })
 * progress.stop()
 */
export function createSyncProgress(parameters: CreateSyncProgressParameters): SyncProgress {
  const enabled = parameters.enabled ?? Boolean(process.stderr.isTTY)
  const width = Math.max(...parameters.chains.map((c) => c.name.length), 8)
  if (!enabled) return { onProgress: () => {}, onChainSynced: () => {}, stop: () => {} }
  const multi = new cliProgress.MultiBar(
    {
      stream: process.stderr,
      format: ' {chain} {bar} {value}/{total} blocks  {speed} blk/s  ETA {eta_formatted}  {phase}',
      barsize: 20,
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  )
  const started = Date.now()
  const bars = new Map(
    parameters.chains.map((c) => [
      c.chainId,
      multi.create(1, 0, { chain: c.name.padEnd(width), speed: '-', phase: 'starting' }),
    ]),
  )
  return {
    onProgress({ chainId, fromBlock, toBlock, doneBlock }) {
      const bar = bars.get(chainId)
      if (!bar) return
      const total = Number(toBlock - fromBlock + 1n)
      const value = Math.min(total, Math.max(0, Number(doneBlock - fromBlock + 1n)))
      const seconds = Math.max((Date.now() - started) / 1000, 0.001)
      bar.setTotal(total)
      bar.update(value, { speed: Math.round(value / seconds).toLocaleString('en-US'), phase: 'backfill' })
    },
    onChainSynced({ chainId, indexedBlock }) {
      const bar = bars.get(chainId)
      if (!bar) return
      const total = Math.max(bar.getTotal(), 1)
      bar.update(total, { phase: `synced to ${indexedBlock ?? '?'}` })
    },
    stop: () => multi.stop(),
  }
}
