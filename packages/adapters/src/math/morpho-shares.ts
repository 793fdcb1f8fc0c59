/** Morpho Blue's `SharesMathLib.VIRTUAL_SHARES`. */
export const VIRTUAL_SHARES = 10n ** 6n
/** Morpho Blue's `SharesMathLib.VIRTUAL_ASSETS`. */
export const VIRTUAL_ASSETS = 1n

/**
 * Morpho's `toAssetsDown`: `shares · (totalAssets + 1) / (totalShares + 1e6)`, floored. Supply
 * shares → assets, as Morpho credits a supplier.
 *
 * @example
 * toAssetsDown(10n ** 6n, 1n, 0n) // 2n (one real asset plus one virtual asset over 1e6 virtual shares)
 */
export function toAssetsDown(shares: bigint, totalAssets: bigint, totalShares: bigint): bigint {
  return (shares * (totalAssets + VIRTUAL_ASSETS)) / (totalShares + VIRTUAL_SHARES)
}

/**
 * Morpho's `toAssetsUp`: the same ratio rounded up. Borrow shares → assets owed, as Morpho
 * charges a borrower (`repay` of all shares takes this amount).
 *
 * @example
 * toAssetsUp(1n, 100n, 10n ** 8n) // 1n
 */
export function toAssetsUp(shares: bigint, totalAssets: bigint, totalShares: bigint): bigint {
  const denominator = totalShares + VIRTUAL_SHARES
  return (shares * (totalAssets + VIRTUAL_ASSETS) + denominator - 1n) / denominator
}
