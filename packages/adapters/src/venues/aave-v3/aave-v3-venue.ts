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

/**
 * Where a pool keeps eMode membership, detected once per pool by `resolveAaveV3Venue`:
 * - `v3.0` (Aave v3.0, v3.1): a reserve's category in its configuration bits 168–175; a category's
 *   LTV, threshold, bonus and price source from `getEModeCategoryData`.
 * - `v3.2` (Aave v3.2+): per-category bitmaps, bit = reserve id (`getEModeCategoryCollateralBitmap`:
 *   the category's LTV/threshold/bonus apply to these collaterals; `getEModeCategoryBorrowableBitmap`:
 *   only these may be borrowed in the category) and `getEModeCategoryCollateralConfig`. The
 *   configuration bits are unused and `getEModeCategoryData` deprecated; categories have no price source.
 */
export type AaveV3EModeLayout = 'v3.0' | 'v3.2'

/** A configured eMode category (liquidation threshold not 0) of the pool. */
export type AaveV3EModeCategory = {
  id: number
  /** The category's price source (`v3.0` layout); the zero address when it has none, always on `v3.2`. */
  priceSource: Address
  label: string
}

/** An Aave v3 market on one chain, resolved from its Pool (see `resolveAaveV3Venue`). */
export type AaveV3Venue = {
  pool: Address
  oracle: Address
  /** Multicall3, for `getCurrentBlockTimestamp` (stable debt accrues on block time). */
  multicall3: Address
  reserves: readonly AaveV3Reserve[]
  /** Detected at resolve time; decides which eMode views the shared reads call. */
  eModeLayout: AaveV3EModeLayout
  eModeCategories: readonly AaveV3EModeCategory[]
}
