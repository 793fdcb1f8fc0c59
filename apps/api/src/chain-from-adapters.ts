import type { ChainAdapters } from '@xmargin/adapters'
import type { ApiChain } from './chain.js'

/**
 * Symbols priced by their wrapped token's feed when a chain says nothing else: the native coin
 * ETH by WETH's (ETH/USD) feed, and BTC, the underlying of BTC perps and options, by WBTC's (the
 * BTC/USD feed on live chains, and the feed the devnet's Perp v2 and options venue index BTC on).
 */
export const defaultPriceAliases: Readonly<Record<string, string>> = { ETH: 'WETH', BTC: 'WBTC' }

/** Parameters of {@link apiChainFromAdapters}. */
export type ApiChainFromAdaptersParameters = {
  /** A chain's bound adapters (from `adaptersFromManifest` or the config), with the wallet context's assets. */
  adapters: ChainAdapters & {
    contexts: {
      wallet: { assets: ReadonlyMap<string, { symbol: string }> }
      /** The options venue, whose implied-volatility feeds value its options. */
      options?: { venue: { volatilityFeeds?: readonly ApiVolatilityFeedInput[] | undefined } } | undefined
    }
  }
  name: string
  /** Default {@link defaultPriceAliases}. */
  priceAliases?: Readonly<Record<string, string>> | undefined
  maxLagSeconds?: number | undefined
}
/** Return type of {@link apiChainFromAdapters}. */
export type ApiChainFromAdaptersReturnType = ApiChain

/** An options venue's volatility feed as the adapters describe it (`OptionsVolatilityFeed`). */
type ApiVolatilityFeedInput = { underlying: string; expiry: number; feed: `0x${string}` }

/**
 * Builds the API's view of a chain from the adapters the indexer runs with, so both map stored rows
 * the same way: the venues' `toCore`, the tokens that feeds price, and the options venue's
 * implied-volatility feeds.
 *
 * @example
 * const adapters = await adaptersFromManifest({ manifest, clientOf })
 * const chains = adapters.map((a) => apiChainFromAdapters({ adapters: a, name: String(a.chainId) }))
 */
export function apiChainFromAdapters(
  parameters: ApiChainFromAdaptersParameters,
): ApiChainFromAdaptersReturnType {
  const { adapters } = parameters
  const volatilityFeeds = adapters.contexts.options?.venue.volatilityFeeds ?? []
  return {
    chainId: adapters.chainId,
    name: parameters.name,
    venues: adapters.adapters,
    assets: adapters.contexts.wallet.assets,
    priceAliases: parameters.priceAliases ?? defaultPriceAliases,
    volatilityFeeds: volatilityFeeds.map((v) => ({ feed: v.feed, asset: v.underlying, expiry: v.expiry })),
    maxLagSeconds: parameters.maxLagSeconds,
  }
}
