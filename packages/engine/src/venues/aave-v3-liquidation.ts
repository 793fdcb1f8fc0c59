import { aaveEModeApplies } from '@xmargin/core'
import { aaveBasePrice } from '../aave-v3/aave-venue-figures.js'
import { PERCENTAGE_FACTOR, percentDiv, percentMul, WAD } from '../aave-v3/wad-ray-math.js'
import type { PreparedPosition } from '../book.js'
import { MissingVenueParameterError } from '../errors.js'
import type { PriceMove, VenueAccount, VenueLiquidation } from './venue-rule.js'

/** Aave v3 `LiquidationLogic.CLOSE_FACTOR_HF_THRESHOLD`: above it a call may repay at most half a debt. */
export const AAVE_CLOSE_FACTOR_HF_THRESHOLD_WAD = (95n * WAD) / 100n
/** `DEFAULT_LIQUIDATION_CLOSE_FACTOR` (50%, basis points). */
export const AAVE_DEFAULT_CLOSE_FACTOR_BPS = 5_000n
/** `MAX_LIQUIDATION_CLOSE_FACTOR` (100%, basis points): at or below the threshold. */
export const AAVE_MAX_CLOSE_FACTOR_BPS = PERCENTAGE_FACTOR
/** The threshold as a float (0.95), derived from the contract's WAD constant. */
export const AAVE_CLOSE_FACTOR_HF_THRESHOLD = Number(AAVE_CLOSE_FACTOR_HF_THRESHOLD_WAD) / Number(WAD)
/** The default close factor as a float (0.5), derived from the contract's constant. */
export const AAVE_DEFAULT_CLOSE_FACTOR = Number(AAVE_DEFAULT_CLOSE_FACTOR_BPS) / Number(PERCENTAGE_FACTOR)

type Reserve = {
  asset: string
  /** Raw units (aToken balance or total debt), summed over the account's positions of the asset. */
  amount: bigint
  decimals: number
  /** Oracle price, USD with 8 decimals, at the moved prices. */
  basePrice: bigint
  /** The engine's USD price at the moved prices (for the float value legs). */
  price: number
  bonus: number | undefined
  protocolFee: number
}

/**
 * One `liquidationCall(collateral, debt, user, type(uint256).max, false)` on a failing Aave v3
 * account, in the contract's integer arithmetic (core-v3 1.19.3 `LiquidationLogic`): the largest
 * debt reserve against the largest collateral reserve (by oracle value at the moved prices). The
 * debt to cover is `percentMul(total debt, close factor)`, 50% above health 0.95 (WAD), 100% at or
 * below; the collateral is `percentMul(debtPrice·debt·10^collateralDecimals / (collateralPrice·
 * 10^debtDecimals), bonus)` (the eMode category's bonus when the user and the reserve share it);
 * when that exceeds the balance, the whole balance goes and the debt repaid is
 * `percentDiv(collateralPrice·balance·10^debtDecimals / (debtPrice·10^collateralDecimals), bonus)`.
 * The protocol fee, `percentMul(seized − percentDiv(seized, bonus), fee)`, also leaves the user
 * (`seized.amount` includes it; the liquidator receives `seized.amount − protocolFee`). Oracle
 * prices are the feeds rescaled to 8 decimals (`aaveBasePrice`). Bad debt: the debt left (USD) once
 * no collateral remains. Not modelled: an eMode price source, the treasury transfer's 1-wei guard.
 *
 * @example
 * const liquidation = liquidateAave(account, data.healthFactor, (p) => (p.factor === eth ? 0.8 : 1))
 * liquidation?.repaid.amount // raw USDC units the liquidator pays, to the wei
 */
export function liquidateAave(
  account: VenueAccount,
  healthFactor: bigint,
  move: PriceMove | undefined,
): VenueLiquidation | null {
  if (!(healthFactor < WAD)) return null
  const debts = new Map<string, Reserve>()
  const collaterals = new Map<string, Reserve>()
  for (const p of account.positions) {
    const position = p.position
    if ((position.kind !== 'supply' && position.kind !== 'debt') || !position.aave) continue
    const c = position.aave
    if (position.kind === 'debt') add(debts, p, move, undefined, 0)
    else if (position.collateral && c.liquidationThreshold > 0) {
      const inEMode = aaveEModeApplies(c)
      add(
        collaterals,
        p,
        move,
        inEMode ? c.eModeLiquidationBonus : c.liquidationBonus,
        c.liquidationProtocolFee ?? 0,
      )
    }
  }
  const debt = largest(debts)
  const collateral = largest(collaterals)
  if (!debt || !collateral || debt.amount === 0n || collateral.amount === 0n) return null
  if (collateral.bonus === undefined)
    throw new MissingVenueParameterError(
      'aave-v3',
      'the liquidation bonus',
      `${collateral.asset} on chain ${account.chainId}`,
    )
  const bonus = BigInt(collateral.bonus)
  const closeFactor =
    healthFactor > AAVE_CLOSE_FACTOR_HF_THRESHOLD_WAD
      ? AAVE_DEFAULT_CLOSE_FACTOR_BPS
      : AAVE_MAX_CLOSE_FACTOR_BPS
  const debtToCover = percentMul(debt.amount, closeFactor)
  const collateralUnit = 10n ** BigInt(collateral.decimals)
  const debtUnit = 10n ** BigInt(debt.decimals)
  const baseCollateral = (debt.basePrice * debtToCover * collateralUnit) / (collateral.basePrice * debtUnit)
  let seized = percentMul(baseCollateral, bonus)
  let repaid = debtToCover
  if (seized > collateral.amount) {
    seized = collateral.amount
    repaid = percentDiv((collateral.basePrice * seized * debtUnit) / (debt.basePrice * collateralUnit), bonus)
  }
  const protocolFee =
    collateral.protocolFee === 0
      ? 0n
      : percentMul(seized - percentDiv(seized, bonus), BigInt(collateral.protocolFee))
  collateral.amount -= seized
  debt.amount -= repaid
  let collateralLeft = 0n
  let debtLeft = 0
  for (const r of collaterals.values()) collateralLeft += r.amount
  for (const d of debts.values()) debtLeft += units(d.amount, d.decimals) * d.price
  const repaidUnits = units(repaid, debt.decimals)
  const seizedUnits = units(seized, collateral.decimals)
  return {
    repaid: { asset: debt.asset, amount: repaid, quantity: repaidUnits, value: repaidUnits * debt.price },
    seized: {
      asset: collateral.asset,
      amount: seized,
      quantity: seizedUnits,
      value: seizedUnits * collateral.price,
    },
    protocolFee,
    badDebt: collateralLeft === 0n && debtLeft > 0 ? debtLeft : 0,
    writtenOff: 0n,
  }
}

/** Raw units → units of the asset (float, for the USD legs). */
function units(amount: bigint, decimals: number): number {
  return Number(amount) / 10 ** decimals
}

function add(
  map: Map<string, Reserve>,
  p: PreparedPosition,
  move: PriceMove | undefined,
  bonus: number | undefined,
  protocolFee: number,
): void {
  const position = p.position
  if (position.kind !== 'supply' && position.kind !== 'debt') return
  const m = move ? move(p) : 1
  const reserve = map.get(position.asset) ?? {
    asset: position.asset,
    amount: 0n,
    decimals: position.decimals,
    basePrice: aaveBasePrice(p, m),
    price: p.price * m,
    bonus,
    protocolFee,
  }
  reserve.amount += position.amount
  map.set(position.asset, reserve)
}

/** The reserve of largest oracle value (ties: the first in book order). */
function largest(map: Map<string, Reserve>): Reserve | undefined {
  let best: Reserve | undefined
  let bestValue = -1n
  for (const r of map.values()) {
    const value = (r.amount * r.basePrice) / 10n ** BigInt(r.decimals)
    if (value > bestValue) {
      best = r
      bestValue = value
    }
  }
  return best
}
