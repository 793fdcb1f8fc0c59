import type { AdaptersManifest } from '@xmargin/adapters'
import type { ChainSettings } from '@xmargin/config'

/** Finality on the devnet: anvil has no real finality; 10 blocks keeps reorg tests meaningful. */
export const DEVNET_FINALITY_DEPTH = 10

/** Seconds between blocks of `xmargin dev` unless `--block-time` says otherwise. */
export const DEVNET_BLOCK_TIME_SECONDS = 2

/**
 * How long a devnet chain may go without a new indexed block before its data is stale: 15 missed
 * blocks (at least 30 s) when anvil mines on an interval; an hour with `--block-time 0`, where a
 * block is mined only per transaction, so an idle chain is not a halted one.
 *
 * @example
 * devnetMaxLagSeconds(2) // 30
 */
export function devnetMaxLagSeconds(blockTimeSeconds: number): number {
  return blockTimeSeconds > 0 ? Math.max(30, 15 * blockTimeSeconds) : 3600
}

/**
 * How the indexer follows the devnet's chains: from block 0, a 10-block finality depth, no
 * `finalized` tag, new heads by WebSocket (anvil serves it on its HTTP port), and a
 * `maxLagSeconds` from the manifest's block time (`devnetMaxLagSeconds`), so `xmargin dev` and a
 * `margin` reading its database judge freshness alike. `xmargin dev` runs with these and
 * `xmargin init --from-devnet` writes them into the config.
 *
 * @example
 * const { indexerChains } = await createChains({ manifest, settings: devnetChainSettings(manifest), local: true })
 */
export function devnetChainSettings(manifest: AdaptersManifest): ChainSettings[] {
  const maxLagSeconds = devnetMaxLagSeconds(manifest.blockTimeSeconds ?? 0)
  return manifest.chains.map((chain) => ({
    chainId: chain.chainId,
    name: chain.name,
    rpcUrls: [chain.rpcUrl],
    webSocketUrl: chain.rpcUrl.replace(/^http/, 'ws'),
    finalityDepth: DEVNET_FINALITY_DEPTH,
    useFinalizedTag: false,
    startBlock: 0n,
    maxLagSeconds,
  }))
}
