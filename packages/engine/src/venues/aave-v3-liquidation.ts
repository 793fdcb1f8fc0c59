import type { PreparedPosition } from '../book.js'
import { MissingVenueParameterError } from '../errors.js'
import type { PriceMove, VenueAccount, VenueLiquidation } from './venue-rule.js'

/** Aave v3 `LiquidationLogic`: above this health factor a call may repay at most half of a debt. */
export const AAVE_CLOSE_FACTOR_HF_THRESHOLD = 0.95
/** The default close factor (50%); below the threshold the whole debt may be repaid. */
export const AAVE_DEFAULT_CLOSE_FACTOR = 0.5

type Reserve = { asset: string; quantity: number; price: number; bonus: number | undefined }

/**
 * One `liquidationCall` on a failing Aave v3 account, as a liquidator would make it: the largest
 * debt reserve against the largest collateral reserve (by value at the moved prices). The close
 * factor is 50% of that debt, 100% when the health factor is at or below 0.95; the collateral
 * seized is the repaid value times the collateral's liquidation bonus (the eMode category's when
 * the user and the reserve share it), capped at the balance, in which case the debt repaid shrinks
 * to match. The protocol's fee share of the bonus is still taken from the user, so it is in
 * `seized`. Bad debt: the debt left once no collateral remains.
 *
 * @example
 * const liquidation = liquidateAave(account, 0.97, (p) => (p.factor === eth ? 0.8 : 1))
 */
export function liquidateAave(
  account: VenueAccount,
  health: number,
  move: PriceMove | undefined,
): VenueLiquidation | null {
  if (!(health < 1)) return null
  const debts = new Map<string, Reserve>()
  const collaterals = new Map<string, Reserve>()
  for (const p of account.positions) {
    const position = p.position
    if ((position.kind !== 'supply' && position.kind !== 'debt') || !position.aave) continue
    const c = position.aave
    const price = p.price * (move ? move(p) : 1)
    if (position.kind === 'debt') add(debts, p, price, undefined)
    else if (position.collateral && c.liquidationThreshold > 0) {
      const inEMode = c.userEModeCategory !== 0 && c.eModeCategory === c.userEModeCategory
      add(collaterals, p, price, inEMode ? c.eModeLiquidationBonus : c.liquidationBonus)
    }
  }
  const debt = largest(debts)
  const collateral = largest(collaterals)
  if (!debt || !collateral) return null
  if (collateral.bonus === undefined)
    throw new MissingVenueParameterError(
      'aave-v3',
      'the liquidation bonus',
      `${collateral.asset} on chain ${account.chainId}`,
    )
  const bonus = collateral.bonus / 1e4
  const closeFactor = health > AAVE_CLOSE_FACTOR_HF_THRESHOLD ? AAVE_DEFAULT_CLOSE_FACTOR : 1
  let repaid = debt.quantity * closeFactor
  let seized = (repaid * debt.price * bonus) / collateral.price
  if (seized > collateral.quantity) {
    seized = collateral.quantity
    repaid = (seized * collateral.price) / (debt.price * bonus)
  }
  let debtLeft = -repaid * debt.price
  let collateralLeft = -seized * collateral.price
  for (const d of debts.values()) debtLeft += d.quantity * d.price
  for (const r of collaterals.values()) collateralLeft += r.quantity * r.price
  return {
    repaid: { asset: debt.asset, quantity: repaid, value: repaid * debt.price },
    seized: { asset: collateral.asset, quantity: seized, value: seized * collateral.price },
    badDebt: collateralLeft <= 1e-9 * Math.max(1, debtLeft) && debtLeft > 0 ? debtLeft : 0,
  }
}

function add(map: Map<string, Reserve>, p: PreparedPosition, price: number, bonus: number | undefined): void {
  const asset = p.position.asset
  const reserve = map.get(asset) ?? { asset, quantity: 0, price, bonus }
  reserve.quantity += Math.abs(p.quantity)
  map.set(asset, reserve)
}

function largest(map: Map<string, Reserve>): Reserve | undefined {
  let best: Reserve | undefined
  for (const r of map.values()) if (!best || r.quantity * r.price > best.quantity * best.price) best = r
  return best
}
