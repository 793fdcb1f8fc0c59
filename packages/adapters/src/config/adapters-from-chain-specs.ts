import type { ChainSpec } from '@xmargin/core'
import type { Client } from 'viem'
import type { AdapterContext, AssetInfo } from '../adapter.js'
import { type BoundVenueAdapter, bindAdapter } from '../bind-adapter.js'
import type { ChainAdapters } from '../read/read-snapshot.js'
import { createChainlinkPriceSource, type PriceSource } from '../venues/feeds/price-source.js'
import { lower } from '../venues/position-id.js'
import type { VenueContexts, VenueDefinition, VenueLog } from '../venues/venue-definition.js'
import { type VenueRegistry, venueRegistry } from '../venues/venue-registry.js'
import type { WalletVenue } from '../venues/wallet/wallet-adapter.js'

/** One chain's adapters, bound and unbound (the typed contexts, for venue-specific helpers). */
export type BoundChainAdapters = ChainAdapters & {
  contexts: VenueContexts<VenueRegistry> & { wallet: AdapterContext<WalletVenue> }
}

/** Parameters of {@link adaptersFromChainSpecs}. */
export type AdaptersFromChainSpecsParameters = {
  /** The chains to bind: a config's (`configChainSpecs(config)`) or the devnet's (its manifest's `chains`). */
  chains: readonly ChainSpec[]
  /** A client per chain id (Aave's reserve layout is read from its Pool). */
  clientOf: (chainId: number) => Client
  /** Where venues report what they detected while resolving (`venue resolved`: Aave's eMode layout). */
  log?: VenueLog | undefined
}

/** Return type of {@link adaptersFromChainSpecs}: one entry per chain spec, in order. */
export type AdaptersFromChainSpecsReturnType = BoundChainAdapters[]

/**
 * Builds every chain's adapters from its spec, one loop over the `venueRegistry`: each venue the
 * spec lists is built by its definition (`fromSpec`: Aave's reserves resolved from its Pool, the
 * options venue's and Perp v2's collateral tokens read from them and required among the chain's
 * tokens), bound to the chain's tokens, with one Chainlink feed per token and the venues' own
 * feeds (the options venue's implied vols). A venue named only in part is a `ChainConfigError`,
 * never a venue silently left out. Async because of these reads.
 *
 * @example
 * const chains = await adaptersFromChainSpecs({ chains: specs, clientOf: (id) => chainClient(config, id) })
 * const snapshot = await readSnapshot({ client, blockNumber, chain: chains[0], wallets })
 */
export async function adaptersFromChainSpecs(
  parameters: AdaptersFromChainSpecsParameters,
): Promise<AdaptersFromChainSpecsReturnType> {
  return Promise.all(
    parameters.chains.map(async (spec): Promise<BoundChainAdapters> => {
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
        contexts: contexts as BoundChainAdapters['contexts'],
      }
    }),
  )
}
