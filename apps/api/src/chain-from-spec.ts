import type { ChainSpec } from '@xmargin/core'
import type { ApiChain } from './chain.js'

/**
 * Symbols priced by their wrapped token's feed when a chain says nothing else: the native coin
 * ETH by WETH's (ETH/USD) feed, and BTC, the underlying of BTC perps and options, by WBTC's (the
 * BTC/USD feed on live chains, and the feed the devnet's Perp v2 and options venue index BTC on).
 */
export const defaultPriceAliases: Readonly<Record<string, string>> = { ETH: 'WETH', BTC: 'WBTC' }

/** Parameters of {@link apiChainFromSpec}. */
export type ApiChainFromSpecParameters = {
  spec: Pick<ChainSpec, 'chainId' | 'name' | 'tokens' | 'venues'>
  /** Default {@link defaultPriceAliases}. */
  priceAliases?: Readonly<Record<string, string>> | undefined
  maxLagSeconds?: number | undefined
}
/** Return type of {@link apiChainFromSpec}. */
export type ApiChainFromSpecReturnType = ApiChain

/**
 * The API's view of a chain, from its spec alone (no RPC: a report is served from the database
 * even with every chain down): the tokens whose feeds price them, and the options venue's
 * implied-volatility feeds. Positions need nothing from it (the store holds engine positions).
 *
 * @example
 * const chains = manifest.chains.map((spec) => apiChainFromSpec({ spec, maxLagSeconds: 120 }))
 */
export function apiChainFromSpec(parameters: ApiChainFromSpecParameters): ApiChainFromSpecReturnType {
  const { spec } = parameters
  const volatilityFeeds = spec.venues?.options?.volatilityFeeds ?? []
  return {
    chainId: spec.chainId,
    name: spec.name,
    assets: new Map(spec.tokens.map((t) => [t.address.toLowerCase(), { symbol: t.symbol }])),
    priceAliases: parameters.priceAliases ?? defaultPriceAliases,
    volatilityFeeds: volatilityFeeds.map((v) => ({
      feed: v.feed.toLowerCase() as `0x${string}`,
      asset: v.underlying,
      expiry: v.expiry,
    })),
    maxLagSeconds: parameters.maxLagSeconds,
  }
}
