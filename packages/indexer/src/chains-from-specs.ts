import { type ChainSpec, finalityOf } from '@xmargin/core'
import type { PublicClient } from 'viem'
import { type BoundIndexerChain, bindIndexerChains } from './bind-indexer-chains.js'
import type { IndexerChainOptions } from './types.js'

/** Parameters of {@link indexerChainsFromSpecs}. */
export type IndexerChainsFromSpecsParameters = {
  /** The local chains' specs (the devnet's: its manifest's `chains`). */
  chains: readonly ChainSpec[]
  clientOf: (chainId: number) => PublicClient
  /** Settings applied to every chain (finality, batch size, refresh period…). */
  settings?: Partial<IndexerChainOptions>
  /** Follow heads over WebSocket on the chains' RPC ports (anvil serves both); polling stays the fallback. */
  webSocket?: boolean | { onError?: (chainId: number, error: Error) => void }
}

/** Return type of {@link indexerChainsFromSpecs}. */
export type IndexerChainsFromSpecsReturnType = BoundIndexerChain[]

/**
 * Every local chain spec as the indexer runs it: its adapters (`adaptersFromChainSpecs`),
 * the chain's client, a `reloadAdapters` that re-reads that chain's venue layout, optionally a
 * WebSocket head watcher, each chain's finality as its spec states it (`finalityOf`: the devnet
 * writes a 10-block depth), and local-chain defaults (start at block 0, stale after an hour without
 * a new indexed block) that `settings` overrides.
 *
 * @example
 * const chains = await indexerChainsFromSpecs({ chains: manifest.chains, clientOf: (id) => clients.get(id)! })
 * const indexer = createIndexer({ store, chains, logger })
 */
export async function indexerChainsFromSpecs(
  parameters: IndexerChainsFromSpecsParameters,
): Promise<IndexerChainsFromSpecsReturnType> {
  const { chains, clientOf, settings, webSocket } = parameters
  return bindIndexerChains({
    chains,
    clientOf,
    onHeadError: typeof webSocket === 'object' ? webSocket.onError : undefined,
    options: (chain) => ({
      startBlock: 0n,
      ...finalityOf(chain),
      maxLagSeconds: 3600,
      webSocketUrl: webSocket ? chain.rpcUrl.replace(/^http/, 'ws') : undefined,
      ...settings,
    }),
  })
}
