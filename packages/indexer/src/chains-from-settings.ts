import { chainClient, createChainsConfig, type RpcUrlsByChain } from '@xmargin/adapters'
import type { ChainSettings } from '@xmargin/config'
import type { ChainSpec } from '@xmargin/core'
import type { Logger } from 'pino'
import { type Chain, defineChain, http, type PublicClient, publicActions } from 'viem'
import { type BoundIndexerChain, bindIndexerChains } from './bind-indexer-chains.js'
import { IndexerError } from './errors.js'
import { adaptiveRate, createAdaptiveRateLimiter } from './rpc/adaptive-rate.js'

/** Parameters of {@link indexerChainsFromSettings}. */
export type IndexerChainsFromSettingsParameters = {
  /** The chains' contracts and tokens (`configChainSpecs(config)`, or the devnet's chain specs). */
  chains: readonly ChainSpec[]
  /** How each chain is followed; chain specs without settings are left out. */
  settings: readonly ChainSettings[]
  /** Local chains (anvil): no response cache, no request pacing. */
  local?: boolean | undefined
  /**
   * Where head-subscription errors go (warn, `chain_id` and `err`; the poll keeps the chain indexed)
   * and what venues detected while resolving (info `venue resolved`: Aave's eMode layout). Without
   * one they are dropped.
   */
  logger?: Logger | undefined
}
/** Return type of {@link indexerChainsFromSettings}. */
export type IndexerChainsFromSettingsReturnType = BoundIndexerChain[]

/**
 * The indexer's chains for real networks (or the devnet) from their settings: one typed
 * `@wagmi/core` config over every chain (`createChainsConfig`), each chain's client a fallback over
 * its RPC URLs, each URL paced by its own adaptive limiter (a 429 halves its rate) unless `local`; the adapters bound from the chain specs (this reads the venues, so it needs the
 * RPCs); `watchHeads` over `webSocketUrl` when set; `reloadAdapters`; and the start block, the
 * head at this call when the settings leave it undefined.
 *
 * @example
 * const chains = await indexerChainsFromSettings({ chains: configChainSpecs(config), settings: configChainSettings(config), logger })
 * const indexer = createIndexer({ store, chains, logger })
 */
export async function indexerChainsFromSettings(
  parameters: IndexerChainsFromSettingsParameters,
): Promise<IndexerChainsFromSettingsReturnType> {
  const { chains, settings, local = false, logger } = parameters
  const settingsOf = new Map(settings.map((s) => [s.chainId, s]))
  const clients = settingsClients(settings, local)
  const clientOf = (chainId: number) => {
    const client = clients.get(chainId)
    if (!client) throw new IndexerError(`Chain ${chainId} has no settings (no RPC URL).`)
    return client
  }
  return bindIndexerChains({
    chains: chains.filter((c) => settingsOf.has(c.chainId)),
    clientOf,
    log: logger ? (fields, message) => logger.info(fields, message) : undefined,
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

/**
 * The chains' clients from one `createChainsConfig` (wagmi) config: per chain a fallback over its
 * RPC URLs; real providers paced per URL, local chains uncached.
 */
function settingsClients(settings: readonly ChainSettings[], local: boolean): Map<number, PublicClient> {
  const clients = new Map<number, PublicClient>()
  if (settings.length === 0) return clients
  const chains = settings.map((s) => settingsChain(s)) as [Chain, ...Chain[]]
  const rpcUrls = Object.fromEntries(settings.map((s) => [s.chainId, s.rpcUrls])) as RpcUrlsByChain<
    typeof chains
  >
  const config = createChainsConfig({
    chains,
    rpcUrls,
    local,
    transport: (url) =>
      local
        ? http(url, { retryCount: 3, timeout: 10_000 })
        : adaptiveRate(http(url, { timeout: 10_000 }), createAdaptiveRateLimiter(), { retryCount: 3 }),
  })
  for (const s of settings) {
    clients.set(s.chainId, chainClient(config, s.chainId).extend(publicActions) as unknown as PublicClient)
  }
  return clients
}

/** A viem chain for the settings (the config names chains by id; the native currency is only a label here). */
function settingsChain(settings: ChainSettings): Chain {
  return defineChain({
    id: settings.chainId,
    name: settings.name,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [...settings.rpcUrls] } },
  })
}
