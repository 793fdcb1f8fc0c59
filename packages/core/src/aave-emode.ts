import type { AaveReserveContext } from './position.js'

/** What {@link aaveEModeApplies} reads of a reserve's Aave context. */
export type AaveEModeAppliesParameters = Pick<
  AaveReserveContext,
  'eModeCategory' | 'userEModeCategory' | 'eModeCollateral'
>

/**
 * Whether the user's eMode category (its LTV, liquidation threshold and bonus) applies to this
 * reserve as collateral, the one rule every Aave figure of the engine uses:
 * - Aave v3.2+ (`eModeCollateral` present): the reserve's bit is set in the category's collateral
 *   bitmap, as `GenericLogic.calculateUserAccountData` and `LiquidationLogic` check with
 *   `EModeConfiguration.isReserveEnabledOnBitmap`; the reserve's own parameters apply otherwise.
 * - Aave v3.0/v3.1 (`eModeCollateral` absent): the reserve's category (configuration bits 168–175)
 *   is the user's.
 * Never when the user is in no eMode (category 0).
 *
 * @example
 * aaveEModeApplies({ eModeCategory: 0, userEModeCategory: 1, eModeCollateral: true }) // true (v3.2 bitmap)
 * aaveEModeApplies({ eModeCategory: 1, userEModeCategory: 1 }) // true (v3.0 bits)
 * aaveEModeApplies({ eModeCategory: 0, userEModeCategory: 1, eModeCollateral: false }) // false
 */
export function aaveEModeApplies(context: AaveEModeAppliesParameters): boolean {
  if (context.userEModeCategory === 0) return false
  if (context.eModeCollateral !== undefined) return context.eModeCollateral
  return context.eModeCategory === context.userEModeCategory
}
