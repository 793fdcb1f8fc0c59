import {
  type AdaptersManifest,
  type AnyVenueConfigBinding,
  isConfigAddress,
  isConfigObject,
  type VenueSpecData,
  venueConfigBindings,
} from '@xmargin/adapters'
import type { ChainSpec } from '@xmargin/core'
import type { ResolvedChain, ResolvedConfig } from './resolved-config.js'

/** Options of {@link configManifest}. */
export type ConfigManifestOptions = {
  /** The venues a config can name: the registry's config bindings (a test passes its own). */
  bindings?: readonly AnyVenueConfigBinding[] | undefined
}
/** Return type of {@link configManifest}. */
export type ConfigManifestReturnType = AdaptersManifest

/**
 * A config's chains as chain specs: one loop over the venue registry, each venue the chain's
 * config names turned into spec contracts and data by its own binding (Morpho markets with their
 * ids, Perp v2 markets, options underlyings and vol feeds), so real networks and the devnet share
 * one wiring path: `adaptersFromManifest` builds every venue of a config exactly as it builds the
 * devnet's.
 *
 * @example
 * const adapters = await adaptersFromManifest({ manifest: configManifest(config), clientOf })
 */
export function configManifest(
  config: Pick<ResolvedConfig, 'chains'>,
  options: ConfigManifestOptions = {},
): ConfigManifestReturnType {
  const { bindings = venueConfigBindings } = options
  return { chains: config.chains.map((chain) => chainSpecOf(chain, bindings)) }
}

function chainSpecOf(chain: ResolvedChain, bindings: readonly AnyVenueConfigBinding[]): ChainSpec {
  const contracts: ChainSpec['contracts'] = { multicall3: chain.multicall3 }
  let morphoMarkets: VenueSpecData['morphoMarkets']
  const venues: NonNullable<VenueSpecData['venues']> = {}
  // The resolved chain holds each venue's (validated) config under its binding's key.
  const byKey: Readonly<Record<string, unknown>> = chain.venues
  for (const binding of bindings) {
    const venueConfig = byKey[binding.key]
    if (!isConfigObject(venueConfig)) continue
    for (const [field, key] of Object.entries(binding.contracts)) {
      const address = venueConfig[field]
      if (typeof key === 'string' && isConfigAddress(address)) contracts[key] = address
    }
    const data = binding.specData?.(venueConfig)
    if (data?.morphoMarkets) morphoMarkets = [...(morphoMarkets ?? []), ...data.morphoMarkets]
    Object.assign(venues, data?.venues)
  }
  return {
    chainId: chain.chainId,
    name: chain.name,
    rpcUrl: chain.rpcUrls[0],
    finality: { finalityDepth: chain.finalityDepth, useFinalizedTag: chain.useFinalizedTag },
    contracts,
    tokens: chain.tokens,
    morphoMarkets: morphoMarkets ?? [],
    uniswapV3Pools: chain.uniswapV3Pools,
    venues,
  }
}
