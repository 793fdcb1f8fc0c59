import type { Address, Hex } from 'viem'

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
}
