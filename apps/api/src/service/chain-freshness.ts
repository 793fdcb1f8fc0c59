import { assessChainFreshness, type ChainStaleReason, type IndexerSyncStatus } from '@xmargin/core'
import type { ApiChain } from '../chain.js'
import type { HeadsSnapshot } from './request-loaders.js'

/**
 * A function returning the indexer's sync status per chain (the indexer's `status()`, whose entries
 * extend the core's `IndexerSyncStatus`), when the indexer runs in this process.
 */
export type IndexerStatusSource = () => readonly IndexerSyncStatus[]

/**
 * - `LIVE`: indexed, complete and fresh.
 * - `STALE`: indexed but too old by the wall clock, behind, or failing (`assessChainFreshness`).
 * - `NOT_INDEXED`: no complete read yet (first sync), or none at the cut in time (`chain-before-cut`).
 * - `REINDEXING`: a rollback went below the chain's last full read, or a reorg below finality reset it:
 *   being read again.
 */
export type ChainSyncState = 'LIVE' | 'STALE' | 'NOT_INDEXED' | 'REINDEXING'

/** The block a chain was read at for a report, and whether it can be trusted. */
export type ChainFreshness = {
  chainId: number
  name: string
  /**
   * Block the request's reads are pinned to: the served block of the store's cut in time, at or
   * below the indexed tip; null when nothing is indexed yet.
   */
  blockNumber: bigint | null
  /** The chain's indexed tip (the served block lags it by less than a second of chain time). */
  indexedBlock: bigint | null
  /** The one time (unix s) the chains are cut at; null when this chain takes no part (its indexer has recorded no clock yet). */
  cutTime: number | null
  blockHash: `0x${string}` | null
  /** Unix seconds of that block. */
  timestamp: number | null
  /** now − timestamp. */
  ageSeconds: number | null
  /** Chain head minus indexed block, when the indexer reports it. */
  lagBlocks: bigint | null
  headBlock: bigint | null
  finalizedBlock: bigint | null
  /** Anything but LIVE: reports over this chain are UNKNOWN. */
  stale: boolean
  state: ChainSyncState
  /** Why the chain is stale (empty when LIVE or not stale by age). */
  staleReasons: ChainStaleReason[]
}

/** Parameters of {@link chainFreshness}. */
export type ChainFreshnessParameters = {
  chains: readonly ApiChain[]
  snapshot: HeadsSnapshot
  indexerStatus?: IndexerStatusSource | undefined
  /** Unix seconds (the request's injected clock). */
  now: number
}
/** Return type of {@link chainFreshness}. */
export type ChainFreshnessReturnType = { chains: ChainFreshness[]; reasons: string[] }

/**
 * Whether a report status reason is about stale or missing data — a stale chain or price, a chain
 * without a complete read — rather than the book itself (`requireFresh` fails on these).
 *
 * @example
 * report.statusReasons.filter(isStaleDataReason)
 */
export function isStaleDataReason(reason: string): boolean {
  return /^(stale-|chain-not-indexed:|chain-before-cut:|chain-reindexing:)/.test(reason)
}

/**
 * Freshness of every configured chain for one request, from the heads snapshot its reads are pinned
 * to. The same rule in every mode (`assessChainFreshness` over the pinned block and the chain's own
 * `maxLagSeconds`; with the indexer's view too when it runs in this process): a chain whose head
 * stopped advancing turns stale by the wall clock. A chain without a complete read stored (first
 * sync, or a rollback below its last full read / a reset after a reorg below finality) is never
 * reported on: its positions may be missing. Each such chain adds a reason (`stale-chain:1`,
 * `chain-not-indexed:1`, `chain-reindexing:1`, or `chain-before-cut:1` when the chain's complete read
 * starts after the moment every chain is read at, held back by another chain's clock) that turns
 * every report of the request UNKNOWN.
 *
 * @example
 * const { chains, reasons } = chainFreshness({ chains: apiChains, snapshot: await loaders.heads(), now })
 */
export function chainFreshness(parameters: ChainFreshnessParameters): ChainFreshnessReturnType {
  const { snapshot, now } = parameters
  const statuses = new Map((parameters.indexerStatus?.() ?? []).map((s) => [s.chainId, s]))
  const reasons: string[] = []
  const chains = [...parameters.chains]
    .sort((a, b) => a.chainId - b.chainId)
    .map((chain): ChainFreshness => {
      const head = snapshot.heads.find((h) => h.chain.chainId === chain.chainId)
      // The block the request reads this chain at (the cut in time), not necessarily its tip.
      const tip = head?.served ?? null
      const status = statuses.get(chain.chainId)
      const fresh = assessChainFreshness({
        now,
        maxLagSeconds: chain.maxLagSeconds,
        indexedTimestamp: tip?.timestamp ?? null,
        sync: status,
      })
      const incomplete = head ? head.incomplete : 'first-sync'
      let state: ChainSyncState
      if (incomplete === 'rolled-back' || incomplete === 'reindexing') {
        state = 'REINDEXING'
        reasons.push(`chain-reindexing:${chain.chainId}`)
      } else if (!tip || incomplete === 'first-sync') {
        state = 'NOT_INDEXED'
        reasons.push(`chain-not-indexed:${chain.chainId}`)
      } else if (incomplete === 'before-cut') {
        state = 'NOT_INDEXED'
        reasons.push(`chain-before-cut:${chain.chainId}`)
      } else if (fresh.stale) {
        state = 'STALE'
        reasons.push(`stale-chain:${chain.chainId}`)
      } else state = 'LIVE'
      return {
        chainId: chain.chainId,
        name: chain.name,
        blockNumber: tip ? BigInt(tip.number) : null,
        indexedBlock: head?.tip ? BigInt(head.tip.number) : null,
        cutTime: head?.cutTime ?? null,
        blockHash: tip?.hash ?? null,
        timestamp: tip?.timestamp ?? null,
        ageSeconds: fresh.ageSeconds,
        lagBlocks: status?.lagBlocks ?? null,
        headBlock: status?.headBlock ?? null,
        finalizedBlock: head?.finalized ? BigInt(head.finalized.number) : (status?.finalizedBlock ?? null),
        stale: state !== 'LIVE',
        state,
        staleReasons: tip ? fresh.reasons : [],
      }
    })
  return { chains, reasons }
}
