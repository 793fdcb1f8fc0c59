import { InvalidBoundParametersError } from './errors.js'

/** 10^18, Morpho Blue's fixed-point scale (`WAD`). */
export const MORPHO_WAD = 10n ** 18n
/** `MAX_LIQUIDATION_INCENTIVE_FACTOR` = 1.15. */
export const MORPHO_MAX_LIQUIDATION_INCENTIVE_FACTOR_WAD = (115n * MORPHO_WAD) / 100n
/** `LIQUIDATION_CURSOR` = 0.3. */
export const MORPHO_LIQUIDATION_CURSOR_WAD = (3n * MORPHO_WAD) / 10n

function assertLltv(lltv: bigint): void {
  if (lltv <= 0n || lltv >= MORPHO_WAD)
    throw new InvalidBoundParametersError(`LLTV ${lltv} is not in (0, 1e18)`)
}

/**
 * Morpho Blue's liquidation incentive factor as the contract computes it (WAD, rounding down):
 * min(1.15, 1 / (1 − 0.3·(1 − LLTV))) = min(1.15, 1/(0.3·LLTV + 0.7)).
 *
 * @example
 * morphoLiquidationIncentiveFactorWad(860_000_000_000_000_000n) // 1.0438…e18 (LLTV 86%)
 */
export function morphoLiquidationIncentiveFactorWad(lltv: bigint): bigint {
  assertLltv(lltv)
  const cursorTimesGap = (MORPHO_LIQUIDATION_CURSOR_WAD * (MORPHO_WAD - lltv)) / MORPHO_WAD
  const factor = (MORPHO_WAD * MORPHO_WAD) / (MORPHO_WAD - cursorTimesGap)
  return factor < MORPHO_MAX_LIQUIDATION_INCENTIVE_FACTOR_WAD
    ? factor
    : MORPHO_MAX_LIQUIDATION_INCENTIVE_FACTOR_WAD
}

/**
 * Whether liquidating a Morpho Blue position in full leaves bad debt: the collateral is worth less
 * than the debt times the incentive factor, c < q·LIF, LIF = min(1.15, 1/(0.3·LLTV + 0.7)) taken as
 * the exact rational (not the contract's rounded WAD) so the flip sits exactly on the bound.
 *
 * @example
 * morphoLeavesBadDebt({ collateralValue: 100n, debtValue: 96n, lltv: 860_000_000_000_000_000n }) // true
 */
export function morphoLeavesBadDebt(parameters: {
  collateralValue: bigint
  debtValue: bigint
  lltv: bigint
}): boolean {
  const { collateralValue, debtValue, lltv } = parameters
  assertLltv(lltv)
  if (collateralValue < 0n || debtValue < 0n)
    throw new InvalidBoundParametersError('values cannot be negative')
  // LIF = 10·WAD / (3·LLTV + 7·WAD) below the cap, 115/100 at it
  const capBinds = 1000n * MORPHO_WAD >= 115n * (3n * lltv + 7n * MORPHO_WAD)
  if (capBinds) return 100n * collateralValue < 115n * debtValue
  return collateralValue * (3n * lltv + 7n * MORPHO_WAD) < debtValue * 10n * MORPHO_WAD
}

/**
 * The price fall, from a position sitting exactly at its LLTV, beyond which liquidating it leaves
 * bad debt: 1 − LLTV·LIF (= 1 − LLTV·(1 + LI)). A float for reports.
 *
 * @example
 * morphoBadDebtThreshold(860_000_000_000_000_000n) // 0.1022… (a 10.2% gap between oracle updates)
 */
export function morphoBadDebtThreshold(lltv: bigint): number {
  assertLltv(lltv)
  const l = Number(lltv) / 1e18
  return 1 - l * Math.min(1.15, 1 / (0.3 * l + 0.7))
}
