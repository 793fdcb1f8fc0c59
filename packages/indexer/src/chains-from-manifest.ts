import type { AdaptersManifest } from '@xmargin/adapters'
import { finalityOf } from '@xmargin/core'
import type { PublicClient } from 'viem'
import { bindIndexerChains, type ManifestIndexerChain } from './bind-indexer-chains.js'
import type { IndexerChainOptions } from './types.js'

export type IndexerChainsFromManifestParameters = {
  /** A devnet manifest (or anything of its shape). */
  manifest: AdaptersManifest
  clientOf: (chainId: number) => PublicClient
  /** Settings applied to every chain (finality, batch size, refresh period…). */
  settings?: Partial<IndexerChainOptions>
  /** Follow heads over WebSocket on the chains' RPC ports (anvil serves both); polling stays the fallback. */
  webSocket?: boolean | { onError?: (chainId: number, error: Error) => void }
}

/**
 * Every chain of a manifest as the indexer runs it: the manifest's adapters (`adaptersFromManifest`),
 * the chain's client, a `reloadAdapters` that re-reads that chain's venue layout, optionally a
 * WebSocket head watcher, each chain's finality as its spec states it (`finalityOf`: the devnet
 * writes a 10-block depth), and local-chain defaults (start at block 0, stale after an hour without
 * a new indexed block) that `settings` overrides.
 *
 * @example
 * const chains = await indexerChainsFromManifest({ manifest, clientOf: (id) => clients.get(id)! })
 * const indexer = createIndexer({ store, chains, logger })
 */
export async function indexerChainsFromManifest(
  parameters: IndexerChainsFromManifestParameters,
): Promise<ManifestIndexerChain[]> {
  const { manifest, clientOf, settings, webSocket } = parameters
  return bindIndexerChains({
    manifest,
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
