import {
  type AdaptersManifest,
  type AnyVenueConfigBinding,
  type VenueSpecData,
  venueContractKeys,
  venueRegistry,
} from '@xmargin/adapters'
import type { ChainSpec } from '@xmargin/core'
import { isAddress } from 'viem'
import type { ResolvedChain, ResolvedConfig } from './resolved-config.js'

/** Return type of {@link configManifest}. */
export type ConfigManifestReturnType = AdaptersManifest

/**
 * Where each venue address of a config sits in a chain spec's `contracts` (`perpV2.vault` →
 * `perpVault`), from the venue registry's config bindings: the one mapping between the two shapes,
 * read both ways (`configManifest`, and `xmargin init --from-devnet` from a devnet manifest).
 */
export const manifestContractKeys = venueContractKeys

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
export function configManifest(config: Pick<ResolvedConfig, 'chains'>): ConfigManifestReturnType {
  return { chains: config.chains.map(chainSpecOf) }
}

function chainSpecOf(chain: ResolvedChain): ChainSpec {
  const contracts: ChainSpec['contracts'] = { multicall3: chain.multicall3 }
  let morphoMarkets: VenueSpecData['morphoMarkets']
  const venues: NonNullable<VenueSpecData['venues']> = {}
  // The resolved chain holds each venue's (validated) config under its binding's key.
  const byKey: Partial<Record<string, unknown>> = chain
  const bindings: readonly (AnyVenueConfigBinding | undefined)[] = venueRegistry.map((d) => d.config)
  for (const binding of bindings) {
    const venueConfig = binding && byKey[binding.key]
    if (!binding || !isRecord(venueConfig)) continue
    for (const [field, key] of Object.entries(binding.contracts)) {
      const address = venueConfig[field]
      if (typeof key === 'string' && typeof address === 'string' && isAddress(address, { strict: false }))
        contracts[key] = address
    }
    const data = binding.specData?.(venueConfig)
    if (data?.morphoMarkets) morphoMarkets = [...(morphoMarkets ?? []), ...data.morphoMarkets]
    Object.assign(venues, data?.venues)
  }
  return {
    chainId: chain.chainId,
    name: chain.name,
    rpcUrl: chain.rpcUrls[0],
    contracts,
    tokens: chain.tokens,
    morphoMarkets: morphoMarkets ?? [],
    venues,
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
