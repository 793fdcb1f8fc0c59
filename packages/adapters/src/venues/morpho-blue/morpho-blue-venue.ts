import type { Address, Hex } from 'viem'
import type { MorphoMarketTotals } from '../../math/morpho-interest.js'

/** One Morpho Blue market: its id and `MarketParams`. Addresses lowercased. */
export type MorphoBlueMarket = {
  id: Hex
  loanToken: Address
  collateralToken: Address
  oracle: Address
  irm: Address
  /** Liquidation LTV, 18 decimals. */
  lltv: bigint
}

/** Morpho Blue on one chain: the singleton and the markets to index. */
export type MorphoBlueVenue = { morpho: Address; markets: readonly MorphoBlueMarket[] }

/** A market's state at one block. */
export type MorphoBlueMarketState = {
  /** Totals as `Morpho.market(id)` stores them: accrued up to `stored.lastUpdate`. */
  stored: MorphoMarketTotals
  /**
   * Totals with the interest pending since `stored.lastUpdate` accrued to the block's timestamp
   * (Morpho's `expectedMarketBalances`): what a repay or withdraw in that block settles against.
   * Equal to `stored` while `settled` is false.
   */
  expected: MorphoMarketTotals
  /** The IRM's borrow rate (per second, WAD) used for `expected`; `undefined` when nothing accrued. */
  borrowRate: bigint | undefined
  /**
   * `false` when the block's borrow rate is not known yet: the IRM call was built from other
   * totals than the block's (the market changed since the hint). Another round hinted by this
   * state settles it; positions are never built from an unsettled market.
   */
  settled: boolean
  /** `IOracle.price()`: one collateral unit in loan units, scaled by 1e36. */
  price: bigint
}

/** What the Morpho adapter reads once per block: market id (lowercased) → state. */
export type MorphoBlueShared = ReadonlyMap<string, MorphoBlueMarketState>
