import type { AdaptersManifest } from '@xmargin/adapters'
import type { ChainSettings } from '@xmargin/config'
import type { Logger } from 'pino'
import { createPublicClient, fallback, http, type PublicClient } from 'viem'
import { bindIndexerChains, type ManifestIndexerChain } from './bind-indexer-chains.js'
import { IndexerError } from './errors.js'
import { adaptiveRate, createAdaptiveRateLimiter } from './rpc/adaptive-rate.js'

/** Parameters of {@link indexerChainsFromSettings}. */
export type IndexerChainsFromSettingsParameters = {
  /** The chains' contracts and tokens (`configManifest(config)`, or a devnet manifest). */
  manifest: AdaptersManifest
  /** How each chain is followed; manifest chains without settings are left out. */
  settings: readonly ChainSettings[]
  /** Local chains (anvil): no response cache, no request pacing. */
  local?: boolean | undefined
  /**
   * Where head-subscription errors go (warn, `chain_id` and `err`; the poll keeps the chain indexed).
   * Without one they are dropped.
   */
  logger?: Logger | undefined
}
/** Return type of {@link indexerChainsFromSettings}. */
export type IndexerChainsFromSettingsReturnType = ManifestIndexerChain[]

/**
 * The indexer's chains for real networks (or the devnet) from their settings: one viem client per
 * chain, a fallback over its RPC URLs, each URL paced by its own adaptive limiter (a 429 halves its
 * rate) unless `local`; the adapters bound from the manifest (this reads the venues, so it needs the
 * RPCs); `watchHeads` over `webSocketUrl` when set; `reloadAdapters`; and the start block, the
 * head at this call when the settings leave it undefined.
 *
 * @example
 * const chains = await indexerChainsFromSettings({ manifest: configManifest(config), settings: configChainSettings(config), logger })
 * const indexer = createIndexer({ store, chains, logger })
 */
export async function indexerChainsFromSettings(
  parameters: IndexerChainsFromSettingsParameters,
): Promise<IndexerChainsFromSettingsReturnType> {
  const { manifest, settings, local = false, logger } = parameters
  const settingsOf = new Map(settings.map((s) => [s.chainId, s]))
  const clients = new Map(settings.map((s) => [s.chainId, settingsClient(s, local)]))
  const clientOf = (chainId: number) => {
    const client = clients.get(chainId)
    if (!client) throw new IndexerError(`Chain ${chainId} has no settings (no RPC URL).`)
    return client
  }
  return bindIndexerChains({
    manifest: { ...manifest, chains: manifest.chains.filter((c) => settingsOf.has(c.chainId)) },
    clientOf,
    onHeadError: (chainId, error) =>
      logger?.warn({ chain_id: chainId, err: error }, 'head subscription failed; polling continues'),
    options: async (chain) => {
      const s = settingsOf.get(chain.chainId)!
      return {
        startBlock: s.startBlock ?? (await clientOf(chain.chainId).getBlockNumber()),
        finalityDepth: s.finalityDepth,
        useFinalizedTag: s.useFinalizedTag,
        maxLagSeconds: s.maxLagSeconds,
        maxLogRange: s.maxLogRange,
        webSocketUrl: s.webSocketUrl,
      }
    },
  })
}

/** A fallback over the chain's RPC URLs; real providers paced per URL, local chains uncached. */
function settingsClient(chain: ChainSettings, local: boolean): PublicClient {
  const transports = chain.rpcUrls.map((url) =>
    local
      ? http(url, { retryCount: 3, timeout: 10_000 })
      : adaptiveRate(http(url, { timeout: 10_000 }), createAdaptiveRateLimiter(), { retryCount: 3 }),
  )
  return createPublicClient({
    transport: transports.length === 1 ? transports[0]! : fallback(transports),
    ...(local ? { cacheTime: 0, pollingInterval: 100 } : {}),
  }) as PublicClient
}
