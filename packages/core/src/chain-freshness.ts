/** Seconds without a newer indexed block after which a chain's data is stale, when its config sets none. */
export const defaultMaxLagSeconds = 120

/** Consecutive failed sync steps after which a chain is stale even if its last block is recent. */
export const maxConsecutiveSyncErrors = 3

/** Why a chain's indexed data is not fresh. */
export type ChainStaleReason =
  /** The indexed block is older than `maxLagSeconds` by the wall clock: the chain halted, or the indexer did. */
  | 'head-age'
  /** The chain's head is more than `maxLagSeconds` (chain time) ahead of the indexed block. */
  | 'behind-head'
  /** The indexer has not completed a step for `maxLagSeconds` (or never has). */
  | 'sync-unchecked'
  /** The indexer's last steps failed in a row. */
  | 'sync-failing'

/**
 * What a chain's indexer knows beyond the stored blocks: its view of the chain's head and how its sync
 * steps go. Only the indexer process has it; the indexer's status per chain extends it, and the API
 * takes it (in `dev` and `start`, where the indexer runs beside it) to judge freshness.
 */
export type IndexerSyncStatus = {
  chainId: number
  /** The chain's head as the indexer last saw it; null before it has. */
  headBlock: bigint | null
  /** Unix seconds of that head. */
  headTimestamp: number | null
  /** The indexer's last committed block. */
  indexedBlock: bigint | null
  finalizedBlock: bigint | null
  /** Head minus indexed block. */
  lagBlocks: bigint | null
  /** Unix milliseconds of the last step that completed; null before the first. */
  lastSuccessAt: number | null
  /** Steps failed in a row since the last that completed. */
  consecutiveErrors: number
}

/** Parameters of {@link assessChainFreshness}. Times are unix seconds, except `sync.lastSuccessAt` (ms, as the indexer keeps it). */
export type AssessChainFreshnessParameters = {
  /** The reader's clock (injected: tests shift it). */
  now: number
  /** The chain's limit; {@link defaultMaxLagSeconds} when undefined. */
  maxLagSeconds?: number | undefined
  /** Timestamp of the block the data is read at; null when nothing is indexed. */
  indexedTimestamp: number | null
  /**
   * What only the indexer process knows (in `dev` and `start`, where it runs beside the API); absent
   * for a reader of the database alone (`serve`), which then judges by the block's age only.
   */
  sync?: Pick<IndexerSyncStatus, 'headTimestamp' | 'lastSuccessAt' | 'consecutiveErrors'> | undefined
}
/** Return type of {@link assessChainFreshness}. */
export type AssessChainFreshnessReturnType = {
  /** now − indexed block timestamp (≥ 0); null when nothing is indexed. */
  ageSeconds: number | null
  stale: boolean
  reasons: ChainStaleReason[]
}

/**
 * The one rule for whether a chain's indexed data is fresh, used by the indexer's status and by the
 * API in every mode: stale when the indexed block is older than the chain's `maxLagSeconds` by the
 * wall clock (a halted chain or indexer), and, when the indexer's own view is given, when the head is
 * that far ahead, when no step completed for that long, or when steps keep failing. A chain with
 * nothing indexed has no age and is stale.
 *
 * @example
 * const { stale, reasons } = assessChainFreshness({ now: Date.now() / 1000, maxLagSeconds: 30, indexedTimestamp: block.timestamp })
 */
export function assessChainFreshness(
  parameters: AssessChainFreshnessParameters,
): AssessChainFreshnessReturnType {
  const { now, indexedTimestamp, sync } = parameters
  const limit = parameters.maxLagSeconds ?? defaultMaxLagSeconds
  const ageSeconds = indexedTimestamp === null ? null : Math.max(0, now - indexedTimestamp)
  const reasons: ChainStaleReason[] = []
  if (ageSeconds === null || ageSeconds > limit) reasons.push('head-age')
  if (sync) {
    if (
      sync.headTimestamp !== null &&
      indexedTimestamp !== null &&
      sync.headTimestamp - indexedTimestamp > limit
    )
      reasons.push('behind-head')
    if (sync.lastSuccessAt === null || now - sync.lastSuccessAt / 1000 > limit) reasons.push('sync-unchecked')
    if (sync.consecutiveErrors >= maxConsecutiveSyncErrors) reasons.push('sync-failing')
  }
  return { ageSeconds, stale: reasons.length > 0, reasons }
}
