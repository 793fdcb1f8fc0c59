import type { Address, Hex } from 'viem'

/**
 * An implied-volatility feed: a Chainlink-style aggregator whose answer is the annualised vol of
 * an underlying for one option expiry (answer / 10^decimals, e.g. 60000000 with 8 decimals = 60%).
 */
export type OptionsVolatilityFeed = {
  /** The symbol positions carry (`ETH`, `BTC`). */
  underlying: string
  /** Option expiry, unix seconds. */
  expiry: number
  feed: Address
}

/** The reference options venue on one chain. */
export type OptionsVenue = {
  venue: Address
  /** Collateral token (USDC, 6 decimals); must be in the context's assets. */
  collateralToken: Address
  /** Underlying `bytes32` key (lowercased) → the symbol positions carry (`ETH`, `BTC`). */
  underlyings: ReadonlyMap<Hex, string>
  /** Strike decimals (8: USD like the feeds). */
  strikeDecimals: number
  /** Size decimals (18). */
  sizeDecimals: number
  /**
   * Where the implied vols of the venue's expiries are read (`createOptionsVolatilitySource`). An
   * option whose (underlying, expiry) has none is valued but its report is UNKNOWN.
   */
  volatilityFeeds?: readonly OptionsVolatilityFeed[] | undefined
}
