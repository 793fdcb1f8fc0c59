import { VIRTUAL_ASSETS, VIRTUAL_SHARES } from './morpho-shares.js'

/** 1e18, Morpho's fixed-point unit. */
export const WAD = 10n ** 18n

/** A Morpho Blue market's totals as `Morpho.market(id)` returns them. */
export type MorphoMarketTotals = {
  totalSupplyAssets: bigint
  totalSupplyShares: bigint
  totalBorrowAssets: bigint
  totalBorrowShares: bigint
  /** Timestamp of the last interest accrual. */
  lastUpdate: bigint
  /** Share of interest paid to the fee recipient, WAD. */
  fee: bigint
}

/**
 * Morpho's `MathLib.wTaylorCompounded`: `e^(rate·elapsed) − 1` by its first three Taylor terms,
 * each floored, WAD.
 *
 * @example
 * wTaylorCompounded(0n, 3600n) // 0n
 */
export function wTaylorCompounded(rate: bigint, elapsed: bigint): bigint {
  const first = rate * elapsed
  const second = (first * first) / (2n * WAD)
  const third = (second * first) / (3n * WAD)
  return first + second + third
}

/**
 * The totals Morpho Blue's `_accrueInterest` would write at `timestamp`, given the IRM's borrow
 * rate (per second, WAD) for the stored totals: interest on the borrows, added to both sides, fee
 * shares minted to the fee recipient (`toSharesDown` against the supply net of the fee). Same
 * integer steps as the contract, so amounts derived from the result equal what a repay or
 * withdraw at that time settles. Nothing accrues when no time passed or nothing is borrowed.
 *
 * @example
 * accrueMorphoInterest(totals, borrowRate, 1_700_000_000n).totalBorrowAssets // with interest
 */
export function accrueMorphoInterest(
  totals: MorphoMarketTotals,
  borrowRate: bigint,
  timestamp: bigint,
): MorphoMarketTotals {
  const elapsed = timestamp - totals.lastUpdate
  if (elapsed <= 0n) return totals
  const interest = (totals.totalBorrowAssets * wTaylorCompounded(borrowRate, elapsed)) / WAD
  const totalSupplyAssets = totals.totalSupplyAssets + interest
  let feeShares = 0n
  if (totals.fee !== 0n) {
    const feeAmount = (interest * totals.fee) / WAD
    feeShares =
      (feeAmount * (totals.totalSupplyShares + VIRTUAL_SHARES)) /
      (totalSupplyAssets - feeAmount + VIRTUAL_ASSETS)
  }
  return {
    totalSupplyAssets,
    totalSupplyShares: totals.totalSupplyShares + feeShares,
    totalBorrowAssets: totals.totalBorrowAssets + interest,
    totalBorrowShares: totals.totalBorrowShares,
    lastUpdate: timestamp,
    fee: totals.fee,
  }
}
