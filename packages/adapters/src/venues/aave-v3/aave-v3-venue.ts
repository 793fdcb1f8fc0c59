import type { Address } from 'viem'

/** One listed Aave reserve with its token addresses (fixed at listing; proxies keep their address). */
export type AaveV3Reserve = {
  /** Underlying asset, lowercased. */
  asset: Address
  /** Reserve id: its bit pair in the user configuration bitmap. */
  id: number
  aToken: Address
  variableDebtToken: Address
  stableDebtToken: Address
  /**
   * Whether wallet reads include the stable debt token (3 calls per wallet). True when stable
   * borrowing was enabled or stable debt existed when the venue was resolved; if stable borrowing
   * is enabled later, `decodeShared` throws `StaleVenueConfigError`.
   */
  readStableDebt: boolean
}

/** An eMode category that some reserve belongs to. */
export type AaveV3EModeCategory = { id: number; priceSource: Address }

/** An Aave v3 market on one chain, resolved from its Pool (see `resolveAaveV3Venue`). */
export type AaveV3Venue = {
  pool: Address
  oracle: Address
  /** Multicall3, for `getCurrentBlockTimestamp` (stable debt accrues on block time). */
  multicall3: Address
  reserves: readonly AaveV3Reserve[]
  eModeCategories: readonly AaveV3EModeCategory[]
}
