import { aaveEModeApplies } from '@xmargin/core'
import type { PreparedBook, PreparedPosition } from '../book.js'
import { valueAt } from '../prepare-inputs.js'
import { toAssetsUp } from '../venues/morpho-blue-math.js'
import type { VenueAccount, VenueLiquidation } from '../venues/venue-rule.js'
import { morphoLeavesBadDebt } from './morpho-bad-debt.js'
import { isToxicLiquidation } from './toxic-liquidation.js'

/** USD figures are turned into integers at this scale (micro-dollars) for the exact toxicity bounds. */
const MICRO = 1e6

/**
 * Applies one liquidation to the positions of an account, in raw units as the contract moves
 * them: the seized amount leaves the account's collateral positions of that asset, the repaid
 * amount its debt positions of that asset (in book order). A Morpho Blue liquidation sets the debt
 * to what the account's remaining shares are worth (0 once bad debt is written off) and carries
 * the share state after the call in the debt's market context; other accounts of the market keep
 * the totals they were read with. Returns the replaced positions, old → new, with amount, quantity
 * and value consistent; positions brought to zero stay in the book with a zero quantity.
 *
 * @example
 * const replaced = applyLiquidation(account, liquidation, book.rate)
 */
export function applyLiquidation(
  account: VenueAccount,
  liquidation: VenueLiquidation,
  rate: number,
): Map<PreparedPosition, PreparedPosition> {
  if (liquidation.perp) return applyPerpClose(account, liquidation.perp)
  const replaced = new Map<PreparedPosition, PreparedPosition>()
  let seized = liquidation.seized.amount
  let repaid = liquidation.repaid.amount
  const morpho = liquidation.morpho
  for (const p of account.positions) {
    const position = p.position
    if (position.kind === 'supply' && position.collateral && position.asset === liquidation.seized.asset) {
      const take = smaller(seized, position.amount)
      if (take <= 0n) continue
      seized -= take
      replaced.set(p, withAmount(p, position.amount - take, rate))
    } else if (position.kind === 'debt' && position.asset === liquidation.repaid.asset) {
      if (morpho && position.morpho) {
        const { borrowShares, totalBorrowAssets, totalBorrowShares } = morpho.after
        const left = toAssetsUp(borrowShares, totalBorrowAssets, totalBorrowShares)
        const moved = withAmount(p, left, rate)
        const context = { ...position.morpho, ...morpho.after }
        replaced.set(p, { ...moved, position: { ...moved.position, morpho: context } as typeof position })
        continue
      }
      const take = smaller(repaid, position.amount)
      if (take <= 0n) continue
      repaid -= take
      replaced.set(p, withAmount(p, position.amount - take, rate))
    }
  }
  return replaced
}

/**
 * A Perp v2 close applied to the account's position of the closed market (the one whose size is
 * opposite to the change): the size shrinks by the closed amount, and the realized PnL at the
 * closed notional less the exchange fee, the settled funding and the penalty go into the position's owed PnL
 * (`funding`), which the rule counts like the vault, so the account value moves by −penalty.
 */
function applyPerpClose(
  account: VenueAccount,
  close: NonNullable<VenueLiquidation['perp']>,
): Map<PreparedPosition, PreparedPosition> {
  const replaced = new Map<PreparedPosition, PreparedPosition>()
  const p = account.positions.find(
    (q) =>
      q.position.kind === 'perp' &&
      q.position.amount !== 0n &&
      q.position.amount > 0n === close.closedSize < 0n,
  )
  const position = p?.position
  if (!p || position?.kind !== 'perp') return replaced
  const closedUnits =
    Number(close.closedSize < 0n ? -close.closedSize : close.closedSize) / 10 ** position.decimals
  const notional = Number(close.closedNotional) / 1e18
  const realized = position.amount > 0n ? notional - closedUnits * p.entry : closedUnits * p.entry - notional
  const funding = p.funding + realized - Number(close.exchangeFee) / 1e18 - Number(close.penalty) / 1e18
  const amount = position.amount + close.closedSize
  const moved = {
    ...p,
    quantity: Number(amount) / 10 ** position.decimals,
    funding,
    position: { ...position, amount, funding: { value: BigInt(Math.round(funding * 1e6)), decimals: 6 } },
  }
  replaced.set(p, { ...moved, ...valueAt(moved, p.price, 0) })
  return replaced
}

/** The smaller of two raw amounts (Math.min takes no bigint). */
const smaller = (a: bigint, b: bigint): bigint => (a < b ? a : b)

/**
 * A lending position with a new raw amount (never negative), its quantity and value to match.
 *
 * @example
 * const smaller = withAmount(p, p.position.amount / 2n, book.rate)
 */
export function withAmount(p: PreparedPosition, amount: bigint, rate: number): PreparedPosition {
  const position = p.position
  if (position.kind !== 'supply' && position.kind !== 'debt') return p
  const units = Number(amount) / 10 ** position.decimals
  const quantity = position.kind === 'debt' ? -units : units
  const moved = { ...p, quantity, position: { ...position, amount } }
  return { ...moved, ...valueAt(moved, p.price, rate) }
}

/**
 * Replaces positions of a book by their liquidated versions (the book itself when none changed).
 *
 * @example
 * book = replacePositions(book, applyLiquidation(account, liquidation, book.rate))
 */
export function replacePositions(
  book: PreparedBook,
  replaced: ReadonlyMap<PreparedPosition, PreparedPosition>,
): PreparedBook {
  if (replaced.size === 0) return book
  return { ...book, positions: book.positions.map((p) => replaced.get(p) ?? p) }
}

/**
 * The published toxicity flag of a liquidation, on the account before it, at the round's prices:
 * Aave v3, the Warmuz–Chaudhary–Pinna bound (debt·(1 + bonus) > collateral, the seized reserve's
 * bonus); Morpho Blue, whether a full liquidation leaves bad debt (collateral < debt·LIF). Null for
 * other venues. Collateral and debt are the account's USD values at the round's prices.
 *
 * @example
 * toxicFlag(account, liquidation, move) // true: each partial liquidation lowers its health
 */
export function toxicFlag(
  account: VenueAccount,
  liquidation: VenueLiquidation,
  move: (p: PreparedPosition) => number,
): boolean | null {
  let collateral = 0
  let debt = 0
  let bonusBps: number | undefined
  let lltv: bigint | undefined
  for (const p of account.positions) {
    const position = p.position
    if (position.kind !== 'supply' && position.kind !== 'debt') continue
    const value = Math.abs(p.quantity) * p.price * move(p)
    if (position.kind === 'debt') debt += value
    else if (position.collateral) {
      collateral += value
      if (position.morpho) lltv = position.morpho.lltv
      if (position.aave && position.asset === liquidation.seized.asset) {
        const c = position.aave
        const inEMode = aaveEModeApplies(c)
        bonusBps = (inEMode ? c.eModeLiquidationBonus : c.liquidationBonus) ?? undefined
      }
    }
  }
  const collateralValue = BigInt(Math.round(collateral * MICRO))
  const debtValue = BigInt(Math.round(debt * MICRO))
  // A liquidation seizes some collateral, so both are positive unless below a micro-dollar.
  if (collateralValue <= 0n || debtValue <= 0n) return null
  if (account.rule === 'aave-v3' && bonusBps !== undefined)
    return isToxicLiquidation({ collateralValue, debtValue, bonusBps: BigInt(bonusBps - 10_000) })
  if (account.rule === 'morpho-blue' && lltv !== undefined)
    return morphoLeavesBadDebt({ collateralValue, debtValue, lltv })
  return null
}
