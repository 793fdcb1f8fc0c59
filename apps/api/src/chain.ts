import type { ChainSpec } from '@xmargin/core'

/** A price feed of a chain and the assets (risk-parameter symbols) it prices, e.g. ETH/USD → `['WETH', 'ETH']`. */
export type ApiFeed = {
  feed: `0x${string}`
  assets: readonly string[]
  /** Feed id for the max-age rule (`RiskParameters.maxPriceAge.bySource`); default `chainlink:<feed>`. */
  source?: string | undefined
  /** The feed's heartbeat, seconds (`priceAgeLimit`). */
  heartbeatSeconds?: number | undefined
}

/**
 * An implied-volatility feed of a chain: the stored answers of `feed` (answer / 10^decimals,
 * annualised) are the implied vol of `asset` for options expiring at `expiry`.
 */
export type ApiVolatilityFeed = {
  feed: `0x${string}`
  /** The underlying's risk-parameter symbol (`ETH`, `BTC`), as option positions carry it. */
  asset: string
  /** Option expiry, unix seconds. */
  expiry: number
  /** Feed id for the max-age rule (`RiskParameters.maxPriceAge.bySource`); default `chainlink:<feed>`. */
  source?: string | undefined
  /** The vol feed's heartbeat, seconds (`priceAgeLimit`, kind `volatility`). */
  heartbeatSeconds?: number | undefined
}

/**
 * A Uniswap v3 pool of a chain, as its spec lists it, with the tokens it trades: a cascade sells the
 * base token's seized collateral into the pool's stored state.
 */
export type ApiPool = {
  /** Lowercased. */
  address: `0x${string}`
  base: { symbol: string; address: `0x${string}`; decimals: number }
  quote: { symbol: string; address: `0x${string}`; decimals: number }
}

/**
 * What the API knows about one indexed chain: how to map its stored feed answers to prices and
 * vols, and its freshness limit. Positions need nothing from here: the store holds each one's
 * engine position, converted by the indexer. Built from a chain spec without RPC (`apiChainFromSpec`).
 */
export type ApiChain = Pick<ChainSpec, 'chainId' | 'name'> & {
  /**
   * Lowercased token address → asset. A stored price whose feed names a token (`asset`) prices that
   * token's symbol, and ages against the token feed's heartbeat.
   */
  assets?: ReadonlyMap<string, { symbol: string; heartbeatSeconds?: number | undefined }> | undefined
  /** Feeds with explicit assets; they take precedence over `assets` for the same feed. */
  feeds?: readonly ApiFeed[] | undefined
  /** Symbols priced by another symbol's feed on this chain, e.g. `{ ETH: 'WETH' }` for the native coin. */
  priceAliases?: Readonly<Record<string, string>> | undefined
  /** Feeds whose answers are implied vols (the options venue's), not prices. */
  volatilityFeeds?: readonly ApiVolatilityFeed[] | undefined
  /** The chain's Uniswap v3 pools (the spec's `uniswapV3Pools`). */
  pools?: readonly ApiPool[] | undefined
  /**
   * The virtual pools of the chain's Perp v2 markets its spec names (`perpVirtualPools`): the asset
   * the market's positions carry and the pool (lowercased), through which a cascade closes them.
   */
  perpPools?: readonly { asset: string; address: `0x${string}` }[] | undefined
  /**
   * Age in seconds of the indexed block beyond which the chain's data is stale, used when no indexer
   * status is injected (the indexer's own `stale` flag wins when it is). Default 120.
   */
  maxLagSeconds?: number | undefined
}
