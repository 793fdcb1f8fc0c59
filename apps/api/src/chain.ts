import type { Position as CorePosition } from '@xmargin/core'

/** A stored position as the adapters' `toCore` takes it (the store's position without chain and block). */
export type StoredPositionInput = {
  venue: string
  wallet: `0x${string}`
  kind: 'spot' | 'supply' | 'debt' | 'perp' | 'option'
  key: string
  amount: bigint
  extra: Record<string, string>
}

/** One venue of a chain, bound to its context: maps stored positions to engine positions. */
export type ApiVenue = {
  venue: string
  toCore: (position: StoredPositionInput, blockNumber: bigint) => CorePosition
}

/** A price feed of a chain and the assets (risk-parameter symbols) it prices, e.g. ETH/USD → `['WETH', 'ETH']`. */
export type ApiFeed = {
  feed: `0x${string}`
  assets: readonly string[]
  /** Feed id for the max-age rule (`RiskParameters.maxPriceAge.bySource`); default `chainlink:<feed>`. */
  source?: string | undefined
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
}

/** What the API knows about one indexed chain. */
export type ApiChain = {
  chainId: number
  name: string
  venues: readonly ApiVenue[]
  /**
   * Lowercased token address → asset. A stored price whose feed names a token (`asset`) prices that
   * token's symbol. The adapters' contexts carry this map.
   */
  assets?: ReadonlyMap<string, { symbol: string }> | undefined
  /** Feeds with explicit assets; they take precedence over `assets` for the same feed. */
  feeds?: readonly ApiFeed[] | undefined
  /** Symbols priced by another symbol's feed on this chain, e.g. `{ ETH: 'WETH' }` for the native coin. */
  priceAliases?: Readonly<Record<string, string>> | undefined
  /** Feeds whose answers are implied vols (the options venue's), not prices. */
  volatilityFeeds?: readonly ApiVolatilityFeed[] | undefined
  /**
   * Age in seconds of the indexed block beyond which the chain's data is stale, used when no indexer
   * status is injected (the indexer's own `stale` flag wins when it is). Default 120.
   */
  maxLagSeconds?: number | undefined
}

/** The structural part of an adapter (`VenueAdapter` of `@xmargin/adapters`) that the API uses. */
export type ToCoreAdapter<TContext> = {
  venue: string
  toCore: (parameters: {
    context: TContext
    position: StoredPositionInput
    blockNumber: bigint
  }) => CorePosition
}

/** Parameters of {@link bindVenue}. */
export type BindVenueParameters<TContext> = { adapter: ToCoreAdapter<TContext>; context: TContext }
/** Return type of {@link bindVenue}. */
export type BindVenueReturnType = ApiVenue

/**
 * Binds a venue adapter to its chain context so that one chain can hold venues of different types.
 *
 * @example
 * const wallet = bindVenue({ adapter: walletAdapter, context: { chainId: 1, venue: walletVenue, assets } })
 * const chain: ApiChain = { chainId: 1, name: 'mainnet', venues: [wallet], feeds: [{ feed: ethUsd, assets: ['WETH', 'ETH'] }] }
 */
export function bindVenue<TContext>(parameters: BindVenueParameters<TContext>): BindVenueReturnType {
  const { adapter, context } = parameters
  return {
    venue: adapter.venue,
    toCore: (position, blockNumber) => adapter.toCore({ context, position, blockNumber }),
  }
}
