import type { ChainAdapters } from '@xmargin/adapters'
import type { ChainSettings } from '@xmargin/config'
import type { ChainFinality, ChainSpec } from '@xmargin/core'
import type { PublicClient } from 'viem'

/**
 * Everything the indexer needs for one chain: its spec's id, name, Uniswap v3 pools and venue data
 * (its Perp v2 markets' virtual pools: the indexer stores those pools' state at every block too),
 * its finality rule and
 * freshness settings (as a config's `ChainSettings` give them), its client and bound adapters, and
 * how it is followed.
 */
export type IndexerChain = Pick<ChainSpec, 'chainId' | 'name' | 'uniswapV3Pools' | 'venues'> &
  ChainFinality &
  Pick<ChainSettings, 'maxLagSeconds' | 'maxLogRange'> & {
    client: PublicClient
    /** The chain's bound venue adapters and price sources (`adaptersFromChainSpecs`, from the config's or the devnet's chain specs). */
    adapters: ChainAdapters
    /** First block to scan venue events from (wallet discovery). */
    startBlock: bigint
    /** Blocks per committed discovery step during backfill (bounded memory, resumable). Default 10,000. */
    backfillStepBlocks?: number | undefined
    /**
     * Every this many blocks, re-read every tracked wallet in full: native balances moved by internal
     * calls change without an event. (Perp funding needs no refresh: its holders are re-read at every
     * block.) Default 50 (about 10 minutes on L1).
     */
    fullRefreshBlocks?: number | undefined
    /** Calls per Multicall3 `eth_call` (default 1,000: ~130 wallet-venue reads per request). */
    batchSize?: number | undefined
    /**
     * Price history kept per feed: rounds back to this many seconds before the block are backfilled
     * with `getRoundData` (default 365 days; 0 keeps only the rounds seen while indexing).
     */
    historyWindowSeconds?: number | undefined
    /** Cap on `getRoundData` calls per feed per block while backfilling history (default 200). */
    historyRoundsPerBlock?: number | undefined
    /**
     * Rebuilds the chain's adapters when a venue's on-chain configuration changed under them (an Aave
     * reserve listed, an eMode price source set: `StaleVenueConfigError`). Without it such a chain
     * stops with that error.
     */
    reloadAdapters?: (() => Promise<ChainAdapters>) | undefined
    /**
     * Subscribes to new heads (WebSocket `eth_subscribe newHeads`) and returns an unsubscribe
     * function; the follow loop then wakes on each head instead of waiting for its next poll.
     */
    watchHeads?: ((onHead: () => void) => () => void) | undefined
  }

/** What an indexer chain takes beside what is bound for it (its id, name, client and adapters). */
export type IndexerChainOptions = Omit<
  IndexerChain,
  'chainId' | 'name' | 'uniswapV3Pools' | 'venues' | 'client' | 'adapters'
>

/** Venue adapters whose events reveal wallets worth tracking; plain token transfers do not. */
export const discovers = (venue: string) => venue !== 'wallet'
