import { type AdaptersManifest, adaptersFromManifest } from '@xmargin/adapters'
import { type ApiChain, apiChainFromAdapters } from '@xmargin/api'
import {
  adaptiveRate,
  createAdaptiveRateLimiter,
  createHeadWatcher,
  type IndexerChain,
} from '@xmargin/indexer'
import type { Logger } from 'pino'
import { createPublicClient, fallback, http, type PublicClient } from 'viem'
import { CliError } from '../errors.js'

/** How the indexer follows one chain (from the config, or the devnet's defaults). */
export type ChainSettings = {
  chainId: number
  name: string
  rpcUrls: readonly [string, ...string[]]
  /** Follow new heads by `eth_subscribe newHeads` over this ws(s) URL; polling only without one. */
  webSocketUrl?: string | undefined
  finalityDepth: number
  useFinalizedTag: boolean
  /** `undefined`: the head at the first start (real networks: no scan of the whole history). */
  startBlock: bigint | undefined
  maxLagSeconds?: number | undefined
  maxLogRange?: number | undefined
}

/** Parameters of {@link createChains}. */
export type CreateChainsParameters = {
  manifest: AdaptersManifest
  settings: readonly ChainSettings[]
  /** Local chains (anvil): no response cache. */
  local?: boolean | undefined
  /**
   * Where head-subscription errors go (warn, `chain_id` and `err`; the poll keeps the chain indexed).
   * Without one they are dropped: only the report commands, which never follow heads, omit it.
   */
  logger?: Logger | undefined
}
/** Return type of {@link createChains}. */
export type CreateChainsReturnType = {
  indexerChains: IndexerChain[]
  apiChains: ApiChain[]
  clients: ReadonlyMap<number, PublicClient>
}

/**
 * One viem client per chain (a fallback over its RPC URLs), the adapters bound from the manifest
 * (Aave reserves and derivatives venues are read once, so this needs the RPCs), and the indexer's
 * and the API's view of each chain built from the same adapters. A chain with a `webSocketUrl`
 * gets a `watchHeads` (WebSocket `newHeads`): the indexer wakes on each head, and still polls.
 *
 * @example
 * const { indexerChains, apiChains } = await createChains({ manifest, settings, local: true, logger })
 */
export async function createChains(parameters: CreateChainsParameters): Promise<CreateChainsReturnType> {
  const { manifest, settings, local = false, logger } = parameters
  const clients = new Map<number, PublicClient>()
  for (const chain of settings) {
    // Real providers: each URL paced by its own adaptive limiter (429s halve its rate); local
    // chains need no pacing.
    const transports = chain.rpcUrls.map((url) =>
      local
        ? http(url, { retryCount: 3, timeout: 10_000 })
        : adaptiveRate(http(url, { timeout: 10_000 }), createAdaptiveRateLimiter(), { retryCount: 3 }),
    )
    clients.set(
      chain.chainId,
      createPublicClient({
        transport: transports.length === 1 ? transports[0]! : fallback(transports),
        ...(local ? { cacheTime: 0, pollingInterval: 100 } : {}),
      }) as PublicClient,
    )
  }
  const clientOf = (chainId: number) => clients.get(chainId) as PublicClient
  const adapters = await adaptersFromManifest({ manifest, clientOf })
  const indexerChains: IndexerChain[] = []
  const apiChains: ApiChain[] = []
  for (const a of adapters) {
    const chain = settings.find((s) => s.chainId === a.chainId)
    if (!chain) continue
    const startBlock = chain.startBlock ?? (await clientOf(a.chainId).getBlockNumber())
    indexerChains.push({
      chainId: a.chainId,
      name: chain.name,
      client: clientOf(a.chainId),
      adapters: a,
      startBlock,
      finalityDepth: chain.finalityDepth,
      useFinalizedTag: chain.useFinalizedTag,
      maxLagSeconds: chain.maxLagSeconds,
      maxLogRange: chain.maxLogRange,
      watchHeads: chain.webSocketUrl
        ? createHeadWatcher({
            url: chain.webSocketUrl,
            onError: (error) =>
              logger?.warn(
                { chain_id: a.chainId, err: error },
                'head subscription failed; polling continues',
              ),
          })
        : undefined,
      // A venue reconfigured on chain (e.g. a new Aave reserve) re-reads this chain's layout.
      reloadAdapters: async () => {
        const only = { ...manifest, chains: manifest.chains.filter((c) => c.chainId === a.chainId) }
        const [reloaded] = await adaptersFromManifest({ manifest: only, clientOf })
        if (!reloaded) throw new CliError(`Reloading the adapters of chain ${a.chainId} returned nothing.`)
        return reloaded
      },
    })
    apiChains.push(
      apiChainFromAdapters({ adapters: a, name: chain.name, maxLagSeconds: chain.maxLagSeconds }),
    )
  }
  return { indexerChains, apiChains, clients }
}
