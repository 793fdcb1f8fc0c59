import { type AdaptersManifest, adaptersFromManifest, type ManifestChainAdapters } from '@xmargin/adapters'
import type { PublicClient } from 'viem'
import type { IndexerChain } from './types.js'

export type IndexerChainsFromManifestParameters = {
  /** A devnet manifest (or anything of its shape). */
  manifest: AdaptersManifest
  clientOf: (chainId: number) => PublicClient
  /** Settings applied to every chain (finality, batch size, refresh period…). */
  settings?: Partial<Omit<IndexerChain, 'chainId' | 'name' | 'client' | 'adapters'>>
}

/**
 * Every chain of a manifest as the indexer runs it: the manifest's adapters (`adaptersFromManifest`),
 * the chain's client, and local-chain defaults (start at block 0, finality by a 10-block depth,
 * data stale after an hour without a new indexed block) that `settings` overrides.
 *
 * @example
 * const chains = await indexerChainsFromManifest({ manifest, clientOf: (id) => clients.get(id)! })
 * const indexer = createIndexer({ store, chains, logger })
 */
/** An indexer chain built from a manifest: its adapters keep their per-venue contexts (the API maps with them). */
export type ManifestIndexerChain = IndexerChain & { adapters: ManifestChainAdapters }

export async function indexerChainsFromManifest(
  parameters: IndexerChainsFromManifestParameters,
): Promise<ManifestIndexerChain[]> {
  const { manifest, clientOf, settings } = parameters
  const adapters = await adaptersFromManifest({ manifest, clientOf })
  return adapters.map((chainAdapters) => ({
    chainId: chainAdapters.chainId,
    name:
      manifest.chains.find((c) => c.chainId === chainAdapters.chainId)?.name ?? String(chainAdapters.chainId),
    client: clientOf(chainAdapters.chainId),
    adapters: chainAdapters,
    startBlock: 0n,
    finalityDepth: 10,
    useFinalizedTag: false,
    maxLagSeconds: 3600,
    ...settings,
  }))
}
