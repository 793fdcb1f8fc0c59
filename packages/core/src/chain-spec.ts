import type { Address, ChainId } from './chain.js'

/** A chain's native coin: its symbol (a risk-parameter asset) and decimals. */
export type NativeCurrencySpec = {
  symbol: string
  decimals: number
  /**
   * The symbol of the chain's token that wraps the coin 1:1 (`WETH`, `WPOL`): the coin is priced by
   * that token's feed. Without it the coin needs a feed of its own.
   */
  wrapped?: string | undefined
}

/** The native coin of a chain whose spec names none: ETH, as on Ethereum and its rollups, priced by WETH's feed. */
export const defaultNativeCurrency: NativeCurrencySpec = { symbol: 'ETH', decimals: 18, wrapped: 'WETH' }

/**
 * A chain's native coin: the spec's, else {@link defaultNativeCurrency}.
 *
 * @example
 * nativeCurrencyOf({ nativeCurrency: { symbol: 'POL', decimals: 18 } }) // { symbol: 'POL', decimals: 18 }
 */
export function nativeCurrencyOf(spec: Pick<ChainSpec, 'nativeCurrency'>): NativeCurrencySpec {
  return spec.nativeCurrency ?? defaultNativeCurrency
}

/** A token of a chain: its address, symbol (a risk-parameter asset) and decimals, and its USD feed. */
export type TokenSpec = {
  symbol: string
  address: Address
  decimals: number
  /** Chainlink-style USD feed of the token on the same chain. */
  feed: Address
  /**
   * The feed's heartbeat in seconds (the longest it goes without a new round; Chainlink publishes
   * it per feed: ETH/USD 3,600, many stablecoin feeds 86,400). Its prices are stale past it plus
   * `PRICE_AGE_MARGIN_SECONDS`; without it, past the default of the feed's kind (`priceAgeLimit`).
   */
  heartbeatSeconds?: number | undefined
  /**
   * The asset the token wraps 1:1 (WBTC → `BTC`), when that asset has no token of its own here:
   * the token's feed prices it too (the underlying of BTC perps and options).
   */
  wraps?: string | undefined
}

/** A Morpho Blue market: its id (keccak of the parameters) and parameters; `lltv` as a decimal string (1e18 = 100%). */
export type MorphoMarketSpec = {
  id: `0x${string}`
  loanToken: Address
  collateralToken: Address
  oracle: Address
  irm: Address
  lltv: string
}

/**
 * An implied-volatility feed: a Chainlink-style aggregator whose answers are the annualised implied
 * vol (8 decimals: `60000000` = 60%) of `underlying` for options expiring at `expiry`.
 */
export type VolatilityFeedSpec = {
  /** One of the options venue's underlyings. */
  underlying: string
  /** The option expiry it is quoted for, unix seconds. */
  expiry: number
  feed: Address
  /** The feed's heartbeat in seconds, as for a token's feed (`priceAgeLimit`, kind `volatility`). */
  heartbeatSeconds?: number | undefined
}

/** An underlying of the options venue: the venue's `bytes32` key for it. */
export type OptionsUnderlyingSpec = { key: `0x${string}` }

/**
 * A Uniswap v3 pool whose liquidity prices forced sales of `baseSymbol` for `quoteSymbol` (issue 15):
 * the indexer stores its state at every block, the cascade sells into it. Both symbols are tokens of
 * the chain; which one is the pool's token0 follows from their addresses (Uniswap sorts them), so the
 * spec does not repeat it.
 */
export type UniswapV3PoolSpec = {
  address: Address
  /** The token sold into the pool (`WETH`, `WBTC`): one of the chain's `tokens`. */
  baseSymbol: string
  /** The token received (`USDC`): one of the chain's `tokens`. */
  quoteSymbol: string
}

/**
 * A Perp v2 market: its virtual base token (`vETH`, `vBTC`), by which Perp identifies it, and its
 * virtual pool (the Uniswap v3 pool of the base against `vUSD`, `MarketRegistry.getPool(baseToken)`),
 * whose state the indexer stores so that liquidations close through it (issue 15). Without `pool`,
 * the engine closes the market's liquidations at the index price and says so (`closedAt: 'index'`).
 */
export type PerpMarketSpec = { baseToken: Address; pool?: Address | undefined }

/** Per-venue data beyond contract addresses (markets by symbol, options underlyings). */
export type VenueDataSpec = {
  options?:
    | {
        /** Underlying symbol (`ETH`) → the venue's `bytes32` key. */
        underlyings: Readonly<Record<string, OptionsUnderlyingSpec>>
        volatilityFeeds?: readonly VolatilityFeedSpec[] | undefined
      }
    | undefined
  perp?: { markets: Readonly<Record<string, PerpMarketSpec>> } | undefined
}

/**
 * How a chain's blocks become final: the RPC's `finalized` tag where it serves one, else a count of
 * confirmations (Ponder's defaults: mainnet 65, Arbitrum 240). A fact of the chain, so part of its
 * {@link ChainSpec} (`finality`); what the store records of a chain beside its id and name, and what
 * the indexer follows it by.
 */
export type ChainFinality = {
  /** Confirmations after which a block is final when the RPC serves no `finalized` tag. */
  finalityDepth: number
  /** Ask the RPC for the `finalized` tag. */
  useFinalizedTag: boolean
}

/**
 * The finality of a chain whose spec states none: the RPC's `finalized` tag, else 65 blocks (an
 * Ethereum mainnet epoch and more, Ponder's default there). A config's chain without `finality` gets it.
 */
export const defaultChainFinality: ChainFinality = { finalityDepth: 65, useFinalizedTag: true }

/**
 * A chain's finality: the spec's, else {@link defaultChainFinality}.
 *
 * @example
 * finalityOf({ finality: { finalityDepth: 10, useFinalizedTag: false } }) // { finalityDepth: 10, useFinalizedTag: false }
 */
export function finalityOf(spec: Pick<ChainSpec, 'finality'>): ChainFinality {
  return spec.finality ?? defaultChainFinality
}

/**
 * The one description of a chain that every layer derives its view from: a user's config resolves
 * to it (`configChainSpecs`), the devnet writes it (its manifest's chains are chain specs), the
 * adapters bind their venues from it, the API maps stored prices with it. Contract addresses are
 * keyed as the venues name them (`aavePool`, `perpVault`, `optionsVenue`…; `multicall3` always).
 *
 * @example
 * const spec: ChainSpec = {
 *   chainId: 1, name: 'ethereum', rpcUrl: 'https://…',
 *   contracts: { multicall3: '0xcA11bde05977b3631167028862bE2a173976CA11' },
 *   tokens: [{ symbol: 'WETH', address: '0xC02a…', decimals: 18, feed: '0x5f4e…' }],
 * }
 */
export type ChainSpec = {
  chainId: ChainId
  name: string
  rpcUrl: string
  /** The chain's native coin; {@link defaultNativeCurrency} (ETH) when the spec names none. */
  nativeCurrency?: NativeCurrencySpec | undefined
  /** How its blocks become final; {@link defaultChainFinality} when the spec states none (`finalityOf`). */
  finality?: ChainFinality | undefined
  contracts: Partial<Record<string, Address>> & { multicall3: Address }
  tokens: readonly TokenSpec[]
  morphoMarkets?: readonly MorphoMarketSpec[] | undefined
  /** Uniswap v3 pools with real liquidity the indexer stores the state of (price impact of forced sales). */
  uniswapV3Pools?: readonly UniswapV3PoolSpec[] | undefined
  venues?: VenueDataSpec | undefined
}
