import type { AdaptersManifest } from '@xmargin/adapters'
import type { ChainSettings } from '@xmargin/config'

/** Finality on the devnet: anvil has no real finality; 10 blocks keeps reorg tests meaningful. */
export const DEVNET_FINALITY_DEPTH = 10

/**
 * How the indexer follows the devnet's chains: from block 0, a 10-block finality depth, no
 * `finalized` tag, new heads by WebSocket (anvil serves it on its HTTP port). `xmargin dev` runs
 * with these and `xmargin init --from-devnet` writes them into the config.
 *
 * @example
 * const { indexerChains } = await createChains({ manifest, settings: devnetChainSettings(manifest), local: true })
 */
export function devnetChainSettings(manifest: AdaptersManifest): ChainSettings[] {
  return manifest.chains.map((chain) => ({
    chainId: chain.chainId,
    name: chain.name,
    rpcUrls: [chain.rpcUrl],
    webSocketUrl: chain.rpcUrl.replace(/^http/, 'ws'),
    finalityDepth: DEVNET_FINALITY_DEPTH,
    useFinalizedTag: false,
    startBlock: 0n,
  }))
}
