import {
  type AnyVenueConfigBinding,
  isConfigAddress,
  isConfigObject,
  type VenueSpecData,
  venueConfigBindings,
} from '@xmargin/adapters'
import type { ChainSpec } from '@xmargin/core'
import type { ResolvedChain, ResolvedConfig } from './resolved-config.js'

/** Options of {@link configChainSpecs}. */
export type ConfigChainSpecsOptions = {
  /** The venues a config can name: the registry's config bindings (a test passes its own). */
  bindings?: readonly AnyVenueConfigBinding[] | undefined
}
/** Return type of {@link configChainSpecs}: one spec per chain of the config, in its order. */
export type ConfigChainSpecsReturnType = ChainSpec[]

/**
 * A config's chains as chain specs: one loop over the venue registry, each venue the chain's
 * config names turned into spec contracts and data by its own binding (Morpho markets with their
 * ids, Perp v2 markets, options underlyings and vol feeds), so real networks and the devnet share
 * one wiring path: `adaptersFromChainSpecs` builds every venue of a config exactly as it builds the
 * devnet's.
 *
 * @example
 * const adapters = await adaptersFromChainSpecs({ chains: configChainSpecs(config), clientOf })
 */
export function configChainSpecs(
  config: Pick<ResolvedConfig, 'chains'>,
  options: ConfigChainSpecsOptions = {},
): ConfigChainSpecsReturnType {
  const { bindings = venueConfigBindings } = options
  return config.chains.map((chain) => chainSpecOf(chain, bindings))
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
