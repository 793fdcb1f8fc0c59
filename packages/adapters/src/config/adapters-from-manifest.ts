import { type ChainSpec, nativeCurrencyOf } from '@xmargin/core'
import { type Client, defineChain } from 'viem'
import type { AdapterContext, AssetInfo } from '../adapter.js'
import { type BoundVenueAdapter, bindAdapter } from '../bind-adapter.js'
import { ChainConfigError } from '../errors/adapter-errors.js'
import type { ChainAdapters } from '../read/read-snapshot.js'
import { createChainlinkPriceSource, type PriceSource } from '../venues/feeds/price-source.js'
import { lower } from '../venues/position-id.js'
import type { VenueContexts, VenueDefinition, VenueLog } from '../venues/venue-definition.js'
import { type VenueRegistry, venueRegistry } from '../venues/venue-registry.js'
import type { WalletVenue } from '../venues/wallet/wallet-adapter.js'

/**
 * Chain specs to bind adapters for: a config's (`configChainSpecs`) or the devnet manifest's (a
 * `DevnetManifest` is assignable to it).
 */
export type AdaptersManifest = {
  chains: readonly ChainSpec[]
  /** Seconds between the chains' blocks (0: a block per transaction); sets the devnet's freshness limit. */
  blockTimeSeconds?: number | undefined
}

/** One chain's adapters, bound and unbound (the typed contexts, for venue-specific helpers). */
export type ManifestChainAdapters = ChainAdapters & {
  contexts: VenueContexts<VenueRegistry> & { wallet: AdapterContext<WalletVenue> }
}

export type AdaptersFromManifestParameters = {
  manifest: AdaptersManifest
  /** A client per chain id (Aave's reserve layout is read from its Pool). */
  clientOf: (chainId: number) => Client
  /** Where venues report what they detected while resolving (`venue resolved`: Aave's eMode layout). */
  log?: VenueLog | undefined
}

/**
 * Builds every chain's adapters from its spec, one loop over the `venueRegistry`: each venue the
 * spec lists is built by its definition (`fromSpec`: Aave's reserves resolved from its Pool, the
 * options venue's and Perp v2's collateral tokens read from them and required among the chain's
 * tokens), bound to the chain's tokens, with one Chainlink feed per token and the venues' own
 * feeds (the options venue's implied vols). A venue named only in part is a `ChainConfigError`,
 * never a venue silently left out. Async because of these reads.
 *
 * @example
 * const chains = await adaptersFromManifest({ manifest, clientOf: (id) => chainClient(config, id) })
 * const snapshot = await readSnapshot({ client, blockNumber, chain: chains[0], wallets })
 */
export async function adaptersFromManifest(
  parameters: AdaptersFromManifestParameters,
): Promise<ManifestChainAdapters[]> {
  return Promise.all(
    parameters.manifest.chains.map(async (spec): Promise<ManifestChainAdapters> => {
      const { chainId } = spec
      const assets = new Map<string, AssetInfo>(
        spec.tokens.map((t) => [
          lower(t.address),
          { address: lower(t.address), symbol: t.symbol, decimals: t.decimals },
        ]),
      )
      const client = () => parameters.clientOf(chainId)
      const contexts: Record<string, AdapterContext<unknown>> = {}
      const adapters: BoundVenueAdapter[] = []
      const priceSources: PriceSource[] = [
        createChainlinkPriceSource({ feeds: spec.tokens.map((t) => ({ feed: t.feed, asset: t.address })) }),
      ]
      for (const definition of venueRegistry as unknown as readonly VenueDefinition<string, unknown>[]) {
        const venue = await definition.fromSpec({ spec, assets, client, log: parameters.log })
        if (venue === undefined) continue
        const context: AdapterContext<unknown> = { chainId, assets, venue }
        contexts[definition.key] = context
        adapters.push(bindAdapter(definition.adapter, context))
        priceSources.push(...(definition.priceSources?.(venue) ?? []))
      }
      const { multicall3 } = spec.contracts
      return {
        chainId,
        multicall3,
        adapters,
        priceSources,
        contexts: contexts as ManifestChainAdapters['contexts'],
      }
    }),
  )
}

/**
 * viem chain definitions for a manifest's chains (ids as the manifest says, RPC URLs local), to
 * pass to `createChainsConfig`.
 *
 * @example
 * const config = createChainsConfig({ chains: manifestChains(manifest), rpcUrls: manifestRpcUrls(manifest), local: true })
 */
export function manifestChains(manifest: AdaptersManifest) {
  const chains = manifest.chains.map((chain) =>
    defineChain({
      id: chain.chainId,
      name: chain.name,
      nativeCurrency: {
        name: nativeCurrencyOf(chain).symbol,
        symbol: nativeCurrencyOf(chain).symbol,
        decimals: nativeCurrencyOf(chain).decimals,
      },
      rpcUrls: { default: { http: [chain.rpcUrl] } },
      contracts: { multicall3: { address: chain.contracts.multicall3 } },
    }),
  )
  const [first, ...rest] = chains
  if (!first) throw new ChainConfigError('The manifest has no chains.')
  return [first, ...rest] as const
}

/**
 * Each manifest chain's RPC URL, keyed by chain id, for `createChainsConfig`.
 *
 * @example
 * manifestRpcUrls(manifest) // { 1: ['http://127.0.0.1:8545'], … }
 */
export function manifestRpcUrls(manifest: AdaptersManifest): Record<number, readonly [string, ...string[]]> {
  return Object.fromEntries(manifest.chains.map((chain) => [chain.chainId, [chain.rpcUrl] as const]))
}
