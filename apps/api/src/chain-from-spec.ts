import { perpVirtualPools } from '@xmargin/adapters'
import { type ChainSpec, InvalidChainSpecError, nativeCurrencyOf } from '@xmargin/core'
import type { ApiChain, ApiPool } from './chain.js'

/** Parameters of {@link priceAliasesOf}. */
export type PriceAliasesOfParameters = Pick<ChainSpec, 'nativeCurrency' | 'tokens'>
/** Return type of {@link priceAliasesOf}: symbol → the token symbol whose feed prices it. */
export type PriceAliasesOfReturnType = Readonly<Record<string, string>>

/**
 * The symbols a chain prices by another token's feed, from its spec: the native coin by the token
 * that wraps it (`nativeCurrency.wrapped`: ETH by WETH's feed, the default), and each asset a token
 * wraps 1:1 by that token's feed (`wraps`: BTC, the underlying of BTC perps and options, by WBTC's).
 *
 * @example
 * priceAliasesOf({ tokens: [{ symbol: 'WBTC', wraps: 'BTC', … }] }) // { ETH: 'WETH', BTC: 'WBTC' }
 */
export function priceAliasesOf(spec: PriceAliasesOfParameters): PriceAliasesOfReturnType {
  const aliases: Record<string, string> = {}
  const native = nativeCurrencyOf(spec)
  if (native.wrapped !== undefined) aliases[native.symbol] = native.wrapped
  for (const token of spec.tokens) if (token.wraps !== undefined) aliases[token.wraps] = token.symbol
  return aliases
}

/** Parameters of {@link apiChainFromSpec}. */
export type ApiChainFromSpecParameters = {
  spec: Pick<ChainSpec, 'chainId' | 'name' | 'nativeCurrency' | 'tokens' | 'uniswapV3Pools' | 'venues'>
  maxLagSeconds?: number | undefined
}
/** Return type of {@link apiChainFromSpec}. */
export type ApiChainFromSpecReturnType = ApiChain

/**
 * The API's view of a chain, from its spec alone (no RPC: a report is served from the database
 * even with every chain down): the tokens whose feeds price them (with the feeds' heartbeats, which
 * the engine's price-age rule reads), the symbols priced by another token's feed
 * ({@link priceAliasesOf}), the options venue's implied-volatility feeds, the chain's Uniswap v3
 * pools with their tokens, and its Perp v2 markets' virtual pools.
 * Positions need nothing from it (the store holds engine positions).
 *
 * @example
 * const chains = specs.map((spec) => apiChainFromSpec({ spec, maxLagSeconds: 120 }))
 */
export function apiChainFromSpec(parameters: ApiChainFromSpecParameters): ApiChainFromSpecReturnType {
  const { spec } = parameters
  const volatilityFeeds = spec.venues?.options?.volatilityFeeds ?? []
  return {
    chainId: spec.chainId,
    name: spec.name,
    assets: new Map(
      spec.tokens.map((t) => [
        t.address.toLowerCase(),
        { symbol: t.symbol, heartbeatSeconds: t.heartbeatSeconds },
      ]),
    ),
    priceAliases: priceAliasesOf(spec),
    volatilityFeeds: volatilityFeeds.map((v) => ({
      feed: v.feed.toLowerCase() as `0x${string}`,
      asset: v.underlying,
      expiry: v.expiry,
      heartbeatSeconds: v.heartbeatSeconds,
    })),
    pools: (spec.uniswapV3Pools ?? []).map((pool) => ({
      address: pool.address.toLowerCase() as `0x${string}`,
      base: tokenOf(spec, pool.baseSymbol),
      quote: tokenOf(spec, pool.quoteSymbol),
    })),
    perpPools: perpVirtualPools(spec).map((p) => ({ asset: p.symbol, address: p.pool })),
    maxLagSeconds: parameters.maxLagSeconds,
  }
}

/** A pool's token by symbol; the spec was checked (`chainSpecIssues`), so a missing one is a bug. */
function tokenOf(spec: Pick<ChainSpec, 'chainId' | 'tokens'>, symbol: string): ApiPool['base'] {
  const token = spec.tokens.find((t) => t.symbol === symbol)
  if (!token)
    throw new InvalidChainSpecError([
      { path: 'uniswapV3Pools', message: `${symbol} is not one of chain ${spec.chainId}'s tokens` },
    ])
  return { symbol, address: token.address.toLowerCase() as `0x${string}`, decimals: token.decimals }
}
