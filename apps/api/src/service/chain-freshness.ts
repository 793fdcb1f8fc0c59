import type { ApiChain } from '../chain.js'
import type { HeadsSnapshot } from './request-loaders.js'

/** What the API needs from the indexer's `status()` (a subset of `IndexerChainStatus`). */
export type IndexerChainStatusInput = {
  chainId: number
  headBlock: bigint | null
  indexedBlock: bigint | null
  finalizedBlock: bigint | null
  lagBlocks: bigint | null
  ageSeconds: number | null
  stale: boolean
}

/** A function returning the indexer's current status per chain. */
export type IndexerStatusSource = () => readonly IndexerChainStatusInput[]

/** The block a chain was read at for a report, and whether it can be trusted. */
export type ChainFreshness = {
  chainId: number
  name: string
  /** Block the request's reads are pinned to (the indexed tip); null when nothing is indexed yet. */
  blockNumber: bigint | null
  blockHash: `0x${string}` | null
  /** Unix seconds of that block. */
  timestamp: number | null
  /** now − timestamp. */
  ageSeconds: number | null
  /** Chain head minus indexed block, when the indexer reports it. */
  lagBlocks: bigint | null
  headBlock: bigint | null
  finalizedBlock: bigint | null
  stale: boolean
}

/** Parameters of {@link chainFreshness}. */
export type ChainFreshnessParameters = {
  chains: readonly ApiChain[]
  snapshot: HeadsSnapshot
  indexerStatus?: IndexerStatusSource | undefined
  /** Unix seconds. */
  now: number
}
/** Return type of {@link chainFreshness}. */
export type ChainFreshnessReturnType = { chains: ChainFreshness[]; reasons: string[] }

/**
 * Freshness of every configured chain for one request. A chain is stale when the indexer says so or,
 * without an indexer status, when its indexed block is older than `maxLagSeconds`. A chain with
 * nothing indexed is stale. Each stale chain adds a reason (`stale-chain:1`, `chain-not-indexed:1`)
 * that turns every report of the request UNKNOWN.
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
      const tip = head?.tip ?? null
      const status = statuses.get(chain.chainId)
      const ageSeconds = tip ? Math.max(0, now - tip.timestamp) : null
      let stale: boolean
      if (!tip) {
        stale = true
        reasons.push(`chain-not-indexed:${chain.chainId}`)
      } else {
        stale = status ? status.stale : (ageSeconds ?? 0) > (chain.maxLagSeconds ?? 120)
        if (stale) reasons.push(`stale-chain:${chain.chainId}`)
      }
      return {
        chainId: chain.chainId,
        name: chain.name,
        blockNumber: tip ? BigInt(tip.number) : null,
        blockHash: tip?.hash ?? null,
        timestamp: tip?.timestamp ?? null,
        ageSeconds,
        lagBlocks: status?.lagBlocks ?? null,
        headBlock: status?.headBlock ?? null,
        finalizedBlock: head?.finalized ? BigInt(head.finalized.number) : (status?.finalizedBlock ?? null),
        stale,
      }
    })
  return { chains, reasons }
}
