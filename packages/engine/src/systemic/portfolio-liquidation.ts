import { aaveEModeApplies, type ChainId } from '@xmargin/core'
import type { PreparedBook, PreparedPosition } from '../book.js'
import type { MarginModel } from '../models/model.js'
import { valueAt } from '../prepare-inputs.js'
import { morphoLiquidationIncentiveFactor } from '../venues/morpho-blue-liquidation.js'

/**
 * The bonus of collateral that no venue prices (wallet balances, venues without their own rule):
 * 5%, Aave v3's usual WETH bonus. Venue collateral takes its venue's (see {@link collateralBonus}).
 */
export const PORTFOLIO_DEFAULT_BONUS = 0.05

/** Where a unified liquidator gives up narrowing the repayment: a cent, or 1e-9 of the largest repayment. */
const CENT = 0.01
const MAX_STEPS = 64

/** One position's part of a unified liquidation, in raw units and at the round's prices. */
export type PortfolioLiquidationLeg = {
  asset: string
  chainId: ChainId
  venue: string
  /** Raw units taken from (collateral) or repaid on (debt) the position. */
  amount: bigint
  /** Tokens (float64). */
  quantity: number
  /** USD at the round's prices. */
  value: number
}

/** An account's margin figures at the round's prices. */
export type PortfolioAccountMargin = { equity: number; initialMargin: number; maintenanceMargin: number }

/** What {@link liquidatePortfolioAccount} does to a failing account. */
export type PortfolioAccountLiquidation = {
  repaid: PortfolioLiquidationLeg[]
  seized: PortfolioLiquidationLeg[]
  repaidValue: number
  seizedValue: number
  /** The collateral-weighted bonus the liquidator took (0.05 = 5%). */
  bonus: number
  /** True when IM could not be restored: every repayable unit was repaid (or all collateral seized). */
  full: boolean
  /** USD of negative equity left once the account has no collateral (0 otherwise). */
  badDebt: number
  /** The account's margin after the call. */
  after: PortfolioAccountMargin
  /** The account's positions after the call, old → new (prices: the book's, unmoved). */
  replaced: Map<PreparedPosition, PreparedPosition>
}

/**
 * The liquidation bonus of a collateral position: its Aave v3 reserve's (the eMode one when the
 * account's category is the reserve's), its Morpho Blue market's LIF − 1, else `defaultBonus`
 * (wallet balances, other venues, and an Aave reserve indexed without its bonus).
 *
 * @example
 * collateralBonus(aaveWethSupply, 0.05) // 0.05 for a 10500 reserve bonus
 */
export function collateralBonus(p: PreparedPosition, defaultBonus: number): number {
  const position = p.position
  if (position.kind !== 'supply') return defaultBonus
  if (position.aave) {
    const c = position.aave
    const inEMode = aaveEModeApplies(c)
    const bps = inEMode ? (c.eModeLiquidationBonus ?? c.liquidationBonus) : c.liquidationBonus
    return bps === undefined ? defaultBonus : (bps - 10_000) / 10_000
  }
  if (position.morpho) return morphoLiquidationIncentiveFactor(Number(position.morpho.lltv) / 1e18) - 1
  return defaultBonus
}

/**
 * A position revalued at `multiplier` × its price (the round's prices).
 *
 * @example
 * const moved = movePosition(p, 0.75, book.rate)
 */
export function movePosition(p: PreparedPosition, multiplier: number, rate: number): PreparedPosition {
  if (multiplier === 1) return p
  const price = p.price * multiplier
  return { ...p, price, ...valueAt(p, price, rate) }
}

/**
 * An account's equity (the sum of its positions' values) and the model's IM and MM, on positions
 * already at the round's prices.
 *
 * @example
 * const { equity, maintenanceMargin } = accountMargin(book, moved, portfolioModel)
 */
export function accountMargin(
  book: PreparedBook,
  positions: readonly PreparedPosition[],
  model: MarginModel,
): PortfolioAccountMargin {
  let equity = 0
  for (const p of positions) equity += p.value
  const figures = model({ ...book, positions })
  return { equity, initialMargin: figures.initialMargin, maintenanceMargin: figures.maintenanceMargin }
}

/** Parameters of {@link liquidatePortfolioAccount}. */
export type LiquidatePortfolioAccountParameters = {
  book: PreparedBook
  /** The account's positions as the book holds them (the book's prices). */
  positions: readonly PreparedPosition[]
  /** Price multiplier per factor index (the round's). */
  multipliers: readonly number[]
  model: MarginModel
  defaultBonus: number
}

/**
 * One call of a unified (cross-margin) liquidator on a failing account: it repays R of the
 * account's debt (every debt position the same fraction of its value) and seizes R·(1 + b) of its
 * collateral (every collateral position, wallet balances included, the same fraction), b the
 * collateral-weighted venue bonus ({@link collateralBonus}); perps and options stay open and keep
 * counting in equity and margin. R is the repayment at which the account's equity is back at its
 * initial margin (bisection to a cent between 0 and the largest repayment; the smallest such R
 * when, as for collateral against debt, the surplus E − IM rises with R); when even the largest
 * repayment, min(debt, collateral / (1 + b)), does not restore IM, that is what is taken (`full`),
 * and debt left without collateral is bad debt. Null when the account has no debt or no
 * collateral: nothing a liquidator can repay.
 *
 * @example
 * const call = liquidatePortfolioAccount({ book, positions, multipliers: [0.75, 1], model: portfolioModel, defaultBonus: 0.05 })
 * call?.repaidValue // USD repaid
 */
export function liquidatePortfolioAccount(
  parameters: LiquidatePortfolioAccountParameters,
): PortfolioAccountLiquidation | null {
  const { book, positions, multipliers, model, defaultBonus } = parameters
  const moved = positions.map((p) => movePosition(p, multipliers[p.factor] ?? 1, book.rate))
  let collateral = 0
  let weightedBonus = 0
  let debt = 0
  moved.forEach((p) => {
    if (isSeizable(p)) {
      collateral += p.value
      weightedBonus += p.value * collateralBonus(p, defaultBonus)
    } else if (isRepayable(p)) debt -= p.value
  })
  if (!(collateral > 0) || !(debt > 0)) return null
  const bonus = weightedBonus / collateral
  const largest = Math.min(debt, collateral / (1 + bonus))
  const surplus = (repay: number) => {
    const after = scaled(moved, moved, fractions(repay, collateral, debt, bonus, largest), book.rate)
    const m = accountMargin(book, after, model)
    return m.equity - m.initialMargin
  }
  let repay = largest
  const full = surplus(largest) < 0
  if (!full) {
    let lo = 0
    let hi = largest
    const tolerance = Math.max(CENT, largest * 1e-9)
    for (let step = 0; step < MAX_STEPS && hi - lo > tolerance; step++) {
      const mid = (lo + hi) / 2
      if (surplus(mid) >= 0) hi = mid
      else lo = mid
    }
    repay = hi
  }
  const f = fractions(repay, collateral, debt, bonus, largest)
  const afterBook = scaled(positions, moved, f, book.rate)
  const afterMoved = afterBook.map((p) => movePosition(p, multipliers[p.factor] ?? 1, book.rate))
  const after = accountMargin(book, afterMoved, model)
  const replaced = new Map<PreparedPosition, PreparedPosition>()
  const repaid: PortfolioLiquidationLeg[] = []
  const seized: PortfolioLiquidationLeg[] = []
  positions.forEach((p, i) => {
    const next = afterBook[i] as PreparedPosition
    if (next === p) return
    replaced.set(p, next)
    const position = p.position
    const before = (moved[i] as PreparedPosition).value
    const leg = {
      asset: position.asset,
      chainId: position.chainId,
      venue: position.venue,
      amount: rawOf(p) - rawOf(next),
      quantity: Math.abs(p.quantity - next.quantity),
      value: Math.abs(before - (afterMoved[i] as PreparedPosition).value),
    }
    if (isSeizable(p)) seized.push(leg)
    else repaid.push(leg)
  })
  const collateralLeft = afterMoved.some((p) => isSeizable(p) && p.value > 0)
  return {
    repaid,
    seized,
    repaidValue: repaid.reduce((s, l) => s + l.value, 0),
    seizedValue: seized.reduce((s, l) => s + l.value, 0),
    bonus,
    full,
    badDebt: !collateralLeft && after.equity < 0 ? -after.equity : 0,
    after,
    replaced,
  }
}

/** Spot balances and collateral-enabled supply with value: what a unified liquidator seizes. */
function isSeizable(p: PreparedPosition): boolean {
  const kind = p.position.kind
  return p.collateral && (kind === 'spot' || kind === 'supply') && p.value > 0
}

/** Lending debt: what a unified liquidator repays. */
function isRepayable(p: PreparedPosition): boolean {
  return p.position.kind === 'debt' && p.value < 0
}

/** The fraction of every collateral and every debt a repayment takes; exactly 1 on the side that runs out. */
function fractions(repay: number, collateral: number, debt: number, bonus: number, largest: number) {
  if (repay >= largest)
    return {
      collateral: largest * (1 + bonus) >= collateral ? 1 : (largest * (1 + bonus)) / collateral,
      debt: largest >= debt ? 1 : largest / debt,
    }
  return { collateral: Math.min(1, (repay * (1 + bonus)) / collateral), debt: Math.min(1, repay / debt) }
}

/**
 * The positions with every seizable one and every repayable one reduced by its side's fraction,
 * in raw units (rounded to the unit; a fraction of 1 takes the whole amount), revalued at the
 * positions' own prices. `sides` is the same positions at the round's prices (which side each is on).
 */
function scaled(
  positions: readonly PreparedPosition[],
  sides: readonly PreparedPosition[],
  f: { collateral: number; debt: number },
  rate: number,
): PreparedPosition[] {
  return positions.map((p, i) => {
    const side = sides[i] as PreparedPosition
    const fraction = isSeizable(side) ? f.collateral : isRepayable(side) ? f.debt : 0
    if (fraction <= 0) return p
    const raw = rawOf(p)
    const taken = fraction >= 1 ? raw : BigInt(Math.round(Number(raw) * fraction))
    return withRaw(p, raw - (taken > raw ? raw : taken), rate)
  })
}

function rawOf(p: PreparedPosition): bigint {
  const position = p.position
  return position.kind === 'spot' || position.kind === 'supply' || position.kind === 'debt'
    ? position.amount
    : 0n
}

/** A spot, supply or debt position with a new raw amount, its quantity and value to match. */
function withRaw(p: PreparedPosition, amount: bigint, rate: number): PreparedPosition {
  const position = p.position
  if (position.kind !== 'spot' && position.kind !== 'supply' && position.kind !== 'debt') return p
  const units = Number(amount) / 10 ** position.decimals
  const moved = {
    ...p,
    quantity: position.kind === 'debt' ? -units : units,
    position: { ...position, amount },
  }
  return { ...moved, ...valueAt(moved, p.price, rate) }
}
