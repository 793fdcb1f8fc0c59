import type { Address, Hex } from 'viem'

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

/** A market's totals (as `Morpho.market(id)` stores them, i.e. as of its `lastUpdate`) and oracle price. */
export type MorphoBlueMarketState = {
  totalSupplyAssets: bigint
  totalSupplyShares: bigint
  totalBorrowAssets: bigint
  totalBorrowShares: bigint
  lastUpdate: bigint
  fee: bigint
  /** `IOracle.price()`: one collateral unit in loan units, scaled by 1e36. */
  price: bigint
}

/** What the Morpho adapter reads once per block: market id (lowercased) → state. */
export type MorphoBlueShared = ReadonlyMap<string, MorphoBlueMarketState>
