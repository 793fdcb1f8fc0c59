import { type AdaptersManifest, adaptersFromManifest, type ManifestChainAdapters } from '@xmargin/adapters'
import type { PublicClient } from 'viem'
import { IndexerError } from './errors.js'
import { createHeadWatcher } from './rpc/watch-heads.js'
import type { IndexerChain } from './types.js'

export type IndexerChainsFromManifestParameters = {
  /** A devnet manifest (or anything of its shape). */
  manifest: AdaptersManifest
  clientOf: (chainId: number) => PublicClient
  /** Settings applied to every chain (finality, batch size, refresh period…). */
  settings?: Partial<Omit<IndexerChain, 'chainId' | 'name' | 'client' | 'adapters'>>
  /** Follow heads over WebSocket on the chains' RPC ports (anvil serves both); polling stays the fallback. */
  webSocket?: boolean | { onError?: (chainId: number, error: Error) => void }
}

/** An indexer chain built from a manifest: its adapters keep their per-venue contexts (the API maps with them). */
export type ManifestIndexerChain = IndexerChain & { adapters: ManifestChainAdapters }

/**
 * Every chain of a manifest as the indexer runs it: the manifest's adapters (`adaptersFromManifest`),
 * the chain's client, a `reloadAdapters` that re-reads that chain's venue layout, optionally a
 * WebSocket head watcher, and local-chain defaults (start at block 0, finality by a 10-block depth,
 * stale after an hour without a new indexed block) that `settings` overrides.
 *
 * @example
 * const chains = await indexerChainsFromManifest({ manifest, clientOf: (id) => clients.get(id)! })
 * const indexer = createIndexer({ store, chains, logger })
 */
export async function indexerChainsFromManifest(
  parameters: IndexerChainsFromManifestParameters,
): Promise<ManifestIndexerChain[]> {
  const { manifest, clientOf, settings, webSocket } = parameters
  const adapters = await adaptersFromManifest({ manifest, clientOf })
  const onError = typeof webSocket === 'object' ? webSocket.onError : undefined
  return adapters.map((chainAdapters): ManifestIndexerChain => {
    const { chainId } = chainAdapters
    const chain = manifest.chains.find((c) => c.chainId === chainId)
    if (!chain) throw new IndexerError(`Chain ${chainId} has adapters but is not in the manifest.`)
    return {
      chainId,
      name: chain.name,
      client: clientOf(chainId),
      adapters: chainAdapters,
      startBlock: 0n,
      finalityDepth: 10,
      useFinalizedTag: false,
      maxLagSeconds: 3600,
      reloadAdapters: async () => {
        const [reloaded] = await adaptersFromManifest({
          manifest: { ...manifest, chains: [chain] },
          clientOf,
        })
        if (!reloaded) throw new IndexerError(`Reloading the adapters of chain ${chainId} returned nothing.`)
        return reloaded
      },
      ...(webSocket
        ? {
            watchHeads: createHeadWatcher({
              url: chain.rpcUrl.replace(/^http/, 'ws'),
              onError: onError ? (error) => onError(chainId, error) : undefined,
            }),
          }
        : {}),
      ...settings,
    }
  })
}
