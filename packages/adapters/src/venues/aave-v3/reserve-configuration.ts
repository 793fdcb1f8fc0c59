import type { AaveV3EModeLayout } from './aave-v3-venue.js'

/** The fields of Aave's `ReserveConfigurationMap` bitmap the adapter uses. */
export type ReserveConfiguration = {
  /** Basis points. */
  ltv: number
  /** Basis points. */
  liquidationThreshold: number
  /** Basis points, 10000 + bonus (10500 = a 5% bonus to the liquidator). */
  liquidationBonus: number
  decimals: number
  active: boolean
  frozen: boolean
  borrowingEnabled: boolean
  stableBorrowingEnabled: boolean
  /** The reserve's eMode category on the `v3.0` layout; 0 on `v3.2`, where bits 168–175 are unused. */
  eModeCategory: number
}

const bits = (data: bigint, from: number, width: number): number =>
  Number((data >> BigInt(from)) & ((1n << BigInt(width)) - 1n))

/**
 * Decodes `Pool.getConfiguration(asset).data` as `ReserveConfiguration.sol` lays it out: LTV bits
 * 0–15, liquidation threshold 16–31, liquidation bonus 32–47, decimals 48–55, active 56, frozen 57, borrowing 58, stable
 * borrowing 59, and on the `v3.0` eMode layout the eMode category 168–175 (unused since v3.2, whose
 * pools may still hold a stale value there: read as 0).
 *
 * @example
 * decodeReserveConfiguration(8000n | (8250n << 16n) | (18n << 48n), 'v3.0').liquidationThreshold // 8250
 */
export function decodeReserveConfiguration(
  data: bigint,
  eModeLayout: AaveV3EModeLayout,
): ReserveConfiguration {
  return {
    ltv: bits(data, 0, 16),
    liquidationThreshold: bits(data, 16, 16),
    liquidationBonus: bits(data, 32, 16),
    decimals: bits(data, 48, 8),
    active: bits(data, 56, 1) === 1,
    frozen: bits(data, 57, 1) === 1,
    borrowingEnabled: bits(data, 58, 1) === 1,
    stableBorrowingEnabled: bits(data, 59, 1) === 1,
    eModeCategory: eModeLayout === 'v3.0' ? bits(data, 168, 8) : 0,
  }
}

/**
 * `UserConfiguration.isUsingAsCollateral`: bit `2 · reserveId + 1` of `getUserConfiguration(user).data`.
 *
 * @example
 * isUsingAsCollateral(0b10n, 0) // true
 */
export function isUsingAsCollateral(userConfiguration: bigint, reserveId: number): boolean {
  return ((userConfiguration >> BigInt(reserveId * 2 + 1)) & 1n) === 1n
}
