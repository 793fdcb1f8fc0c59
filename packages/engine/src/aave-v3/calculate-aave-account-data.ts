import { aaveEModeApplies } from '@xmargin/core'
import { MAX_UINT256, percentMul, rayMul, wadDiv } from './wad-ray-math.js'

/** A token balance as the chain stores it: the current balance, or a scaled balance and its index (ray). */
export type AaveBalanceInput = bigint | { scaled: bigint; index: bigint }

/** One reserve the user touches, with the on-chain values `GenericLogic` reads. */
export type AaveReserveInput = {
  /** Free-form label (asset symbol or address); not used in the math. */
  asset?: string | undefined
  /** Reserve decimals (`assetUnit = 10^decimals`). */
  decimals: number
  /** `AaveOracle.getAssetPrice(asset)` in base currency units (USD with 8 decimals on v3 markets). */
  price: bigint
  /** Reserve LTV, basis points. */
  ltv: number | bigint
  /** Reserve liquidation threshold, basis points. */
  liquidationThreshold: number | bigint
  /** Reserve eMode category (0 = none): Aave v3.0/v3.1 configuration bits 168–175; 0 on v3.2+. */
  eModeCategory: number
  /**
   * Aave v3.2+: whether the user's category's collateral bitmap holds this reserve (then it, not
   * `eModeCategory`, decides whether the eMode LTV and threshold apply; see `aaveEModeApplies`).
   */
  eModeCollateral?: boolean | undefined
  /** The user's collateral flag for this reserve (`UserConfiguration.isUsingAsCollateral`). */
  usageAsCollateralEnabled: boolean
  /** aToken balance (`balanceOf`) or scaled balance with `getReserveNormalizedIncome`. */
  supply?: AaveBalanceInput | undefined
  /** Variable debt (`balanceOf`) or scaled debt with `getReserveNormalizedVariableDebt`. */
  variableDebt?: AaveBalanceInput | undefined
  /** Stable debt token `balanceOf`. */
  stableDebt?: bigint | undefined
}

/** The user's eMode category configuration (`Pool.getEModeCategoryData`). */
export type AaveEModeCategoryInput = {
  ltv: number | bigint
  liquidationThreshold: number | bigint
  /** Price of the category's `priceSource` in base currency units; 0 / absent when it has none. */
  price?: bigint | undefined
}

/** Parameters of {@link calculateAaveAccountData}. */
export type CalculateAaveAccountDataParameters = {
  reserves: readonly AaveReserveInput[]
  /** `Pool.getUserEMode(user)`; 0 = none. */
  userEModeCategory?: number | undefined
  /** Configuration of the user's eMode category; required when `userEModeCategory` is not 0. */
  eModeCategory?: AaveEModeCategoryInput | undefined
}

/** Return type of {@link calculateAaveAccountData}: `Pool.getUserAccountData` plus the zero-LTV flag. */
export type CalculateAaveAccountDataReturnType = {
  totalCollateralBase: bigint
  totalDebtBase: bigint
  availableBorrowsBase: bigint
  /** Weighted average liquidation threshold, basis points. */
  currentLiquidationThreshold: bigint
  /** Weighted average LTV, basis points. */
  ltv: bigint
  /** Wad; `2^256 - 1` without debt. */
  healthFactor: bigint
  /** `GenericLogic`'s sixth return value: some collateral has LTV 0. */
  hasZeroLtvCollateral: boolean
}

function balanceOf(input: AaveBalanceInput | undefined): bigint {
  if (input === undefined) return 0n
  if (typeof input === 'bigint') return input
  return input.scaled === 0n ? 0n : rayMul(input.scaled, input.index)
}

const POWERS = Array.from({ length: 78 }, (_, i) => 10n ** BigInt(i))

/**
 * Reproduces Aave v3's `Pool.getUserAccountData` (core-v3 1.19.3: `GenericLogic.calculateUserAccountData`
 * followed by `calculateAvailableBorrows`) in exact bigint arithmetic with the protocol's rounding:
 * per-reserve base values floored, weighted LTV / threshold floored, health factor by `percentMul`
 * then `wadDiv`. eMode LTV, threshold and price source are applied as the contracts do.
 *
 * A reserve counts as collateral when the flag is on, its balance is positive and its liquidation
 * threshold is not 0; as borrowed when its debt is positive (the contract's user configuration bits
 * follow the balances the same way).
 *
 * @example
 * const data = calculateAaveAccountData({
 *   reserves: [
 *     { decimals: 18, price: 3000_00000000n, ltv: 8000, liquidationThreshold: 8250, eModeCategory: 0,
 *       usageAsCollateralEnabled: true, supply: 10n ** 18n },
 *     { decimals: 6, price: 1_00000000n, ltv: 7700, liquidationThreshold: 8000, eModeCategory: 0,
 *       usageAsCollateralEnabled: false, variableDebt: 1000_000000n },
 *   ],
 * })
 * // data.healthFactor === 2_475000000000000000n (3000 · 0.825 / 1000)
 */
export function calculateAaveAccountData(
  parameters: CalculateAaveAccountDataParameters,
): CalculateAaveAccountDataReturnType {
  const userEMode = parameters.userEModeCategory ?? 0
  let eModeLtv = 0n
  let eModeThreshold = 0n
  let eModePrice = 0n
  if (userEMode !== 0 && parameters.eModeCategory) {
    eModeLtv = BigInt(parameters.eModeCategory.ltv)
    eModeThreshold = BigInt(parameters.eModeCategory.liquidationThreshold)
    eModePrice = parameters.eModeCategory.price ?? 0n
  }

  let totalCollateral = 0n
  let totalDebt = 0n
  let weightedLtv = 0n
  let weightedThreshold = 0n
  let hasZeroLtvCollateral = false

  for (const reserve of parameters.reserves) {
    const supply = balanceOf(reserve.supply)
    const debt = balanceOf(reserve.variableDebt) + (reserve.stableDebt ?? 0n)
    const usingAsCollateral = reserve.usageAsCollateralEnabled && supply > 0n
    if (!usingAsCollateral && debt === 0n) continue

    const unit = POWERS[reserve.decimals] ?? 10n ** BigInt(reserve.decimals)
    const inEMode = aaveEModeApplies({
      eModeCategory: reserve.eModeCategory,
      userEModeCategory: userEMode,
      eModeCollateral: reserve.eModeCollateral,
    })
    const price = eModePrice !== 0n && inEMode ? eModePrice : reserve.price
    const ltv = BigInt(reserve.ltv)
    const threshold = BigInt(reserve.liquidationThreshold)

    if (threshold !== 0n && usingAsCollateral) {
      const value = (supply * price) / unit
      totalCollateral += value
      if (ltv !== 0n) {
        weightedLtv += value * (inEMode ? eModeLtv : ltv)
      } else {
        hasZeroLtvCollateral = true
      }
      weightedThreshold += value * (inEMode ? eModeThreshold : threshold)
    }
    if (debt > 0n) totalDebt += (price * debt) / unit
  }

  const ltv = totalCollateral !== 0n ? weightedLtv / totalCollateral : 0n
  const currentLiquidationThreshold = totalCollateral !== 0n ? weightedThreshold / totalCollateral : 0n
  const healthFactor =
    totalDebt === 0n
      ? MAX_UINT256
      : wadDiv(percentMul(totalCollateral, currentLiquidationThreshold), totalDebt)
  const borrowable = percentMul(totalCollateral, ltv)
  const availableBorrowsBase = borrowable < totalDebt ? 0n : borrowable - totalDebt

  return {
    totalCollateralBase: totalCollateral,
    totalDebtBase: totalDebt,
    availableBorrowsBase,
    currentLiquidationThreshold,
    ltv,
    healthFactor,
    hasZeroLtvCollateral,
  }
}
