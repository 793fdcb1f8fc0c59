import type { ChainId } from '@xmargin/core'
import type { PreparedBook, PreparedPosition } from '../book.js'
import type { PriceImpact } from '../impact/price-impact.js'
import type { MarginModel } from '../models/model.js'
import { portfolioModel } from '../models/portfolio-model.js'
import { runCascadeRounds } from './cascade-rounds.js'
import { addSold, type CascadeSale, type SoldUnits } from './cascade-sales.js'
import { InvalidCascadeParametersError } from './errors.js'
import {
  accountMargin,
  liquidatePortfolioAccount,
  movePosition,
  PORTFOLIO_DEFAULT_BONUS,
  type PortfolioAccountMargin,
  type PortfolioLiquidationLeg,
} from './portfolio-liquidation.js'

/**
 * What one margin account is under the unified rule: `wallet`, every position of a wallet on every
 * chain and venue (cross-chain portfolio margin); `bucket`, one account per (chain, venue, wallet),
 * the same model isolated.
 */
export type PortfolioAccountScope = 'wallet' | 'bucket'

/** One unified liquidation call: the account before it, what was repaid and seized, the account after. */
export type PortfolioCascadeLiquidation = {
  wallet: string
  /** The bucket's chain and venue (`bucket` scope); null for a whole wallet. */
  chainId: ChainId | null
  venue: string | null
  before: PortfolioAccountMargin
  after: PortfolioAccountMargin
  repaid: PortfolioLiquidationLeg[]
  seized: PortfolioLiquidationLeg[]
  repaidValue: number
  seizedValue: number
  bonus: number
  /** IM could not be restored: everything repayable was repaid or all collateral seized. */
  full: boolean
  badDebt: number
}

/** A failing account the unified liquidator cannot act on (no debt to repay or no collateral to seize). */
export type PortfolioCascadeUnresolved = {
  wallet: string
  chainId: ChainId | null
  venue: string | null
  equity: number
  maintenanceMargin: number
}

/** One round of the unified cascade. */
export type PortfolioCascadeRound = {
  round: number
  multipliers: Readonly<Record<string, number>>
  prices: Readonly<Record<string, number>>
  liquidations: PortfolioCascadeLiquidation[]
  unresolved: PortfolioCascadeUnresolved[]
  seizedValue: number
  repaidValue: number
  badDebt: number
  walletsHit: number
  sales: CascadeSale[]
}

/** Parameters of {@link simulatePortfolioCascade}. */
export type SimulatePortfolioCascadeParameters = {
  book: PreparedBook
  /** Price multiplier per factor id applied before round 1 (0.7 = −30%). */
  shock: Readonly<Record<string, number>>
  /** Where seized collateral of a factor is sold (as in `simulateCascade`). */
  impact: Readonly<Record<string, PriceImpact>>
  maxRounds: number
  /** The margin model of the unified rule (default: the `portfolio` model). */
  model?: MarginModel | undefined
  /** Default `wallet`. */
  scope?: PortfolioAccountScope | undefined
  /** Bonus on collateral no venue prices (default {@link PORTFOLIO_DEFAULT_BONUS}). */
  defaultBonus?: number | undefined
}

/** What {@link simulatePortfolioCascade} returns. */
export type SimulatePortfolioCascadeReturnType = {
  rounds: PortfolioCascadeRound[]
  fixedPoint: boolean
  multipliers: Readonly<Record<string, number>>
  prices: Readonly<Record<string, number>>
  book: PreparedBook
  totals: {
    liquidations: number
    seizedValue: number
    repaidValue: number
    badDebt: number
    /** Distinct wallets with at least one liquidation. */
    walletsHit: number
  }
}

/**
 * The liquidation cascade under unified portfolio margin: the same round loop as `simulateCascade`
 * (shock, evaluate every account at the round's prices, liquidate the failing ones, sell the seized
 * collateral into each factor's price-impact model, move prices, repeat until a round liquidates
 * nothing or `maxRounds`), with one rule in place of the venues': an account fails when its equity
 * is below the model's maintenance margin, and a unified liquidator repays its debt and seizes its
 * collateral at the venues' bonus until its equity is back at its initial margin
 * (`liquidatePortfolioAccount`). Accounts are wallets (`scope: 'wallet'`) or (chain, venue, wallet)
 * buckets (`'bucket'`). Within a round all accounts are judged at the round's prices, then the
 * calls are applied together, as in `simulateCascade`.
 *
 * @example
 * const unified = simulatePortfolioCascade({ book, shock: { ETH: 0.75 }, impact: { ETH: ethImpact }, maxRounds: 20 })
 * unified.totals.walletsHit
 */
export function simulatePortfolioCascade(
  parameters: SimulatePortfolioCascadeParameters,
): SimulatePortfolioCascadeReturnType {
  const model = parameters.model ?? portfolioModel
  const scope = parameters.scope ?? 'wallet'
  const defaultBonus = parameters.defaultBonus ?? PORTFOLIO_DEFAULT_BONUS
  if (!(defaultBonus >= 0) || !Number.isFinite(defaultBonus))
    throw new InvalidCascadeParametersError(`defaultBonus ${defaultBonus} is not a finite number ≥ 0`)
  const run = runCascadeRounds({
    book: parameters.book,
    shock: parameters.shock,
    impact: parameters.impact,
    maxRounds: parameters.maxRounds,
    step: (book, m) => portfolioRound(book, m, { model, scope, defaultBonus }),
    record: (facts, step): PortfolioCascadeRound => ({
      ...facts,
      unresolved: step.unresolved,
      seizedValue: facts.liquidations.reduce((s, l) => s + l.seizedValue, 0),
      repaidValue: facts.liquidations.reduce((s, l) => s + l.repaidValue, 0),
      badDebt: facts.liquidations.reduce((s, l) => s + l.badDebt, 0),
    }),
  })
  const all = run.liquidations
  return {
    rounds: run.rounds,
    fixedPoint: run.fixedPoint,
    multipliers: run.multipliers,
    prices: run.prices,
    book: run.book,
    totals: {
      liquidations: all.length,
      seizedValue: all.reduce((s, l) => s + l.seizedValue, 0),
      repaidValue: all.reduce((s, l) => s + l.repaidValue, 0),
      badDebt: all.reduce((s, l) => s + l.badDebt, 0),
      walletsHit: run.walletsHit,
    },
  }
}

/** One round under the unified rule: every account judged at the round's multipliers `m`. */
function portfolioRound(
  book: PreparedBook,
  m: readonly number[],
  rule: { model: MarginModel; scope: PortfolioAccountScope; defaultBonus: number },
) {
  const liquidations: PortfolioCascadeLiquidation[] = []
  const unresolved: PortfolioCascadeUnresolved[] = []
  const replaced = new Map<PreparedPosition, PreparedPosition>()
  const sold: SoldUnits = new Map()
  for (const account of accountsOf(book.positions, rule.scope)) {
    const moved = account.positions.map((p) => movePosition(p, m[p.factor] ?? 1, book.rate))
    const before = accountMargin(book, moved, rule.model)
    if (before.equity >= before.maintenanceMargin) continue
    const call = liquidatePortfolioAccount({
      book,
      positions: account.positions,
      multipliers: m,
      model: rule.model,
      defaultBonus: rule.defaultBonus,
    })
    const where = { wallet: account.wallet, chainId: account.chainId, venue: account.venue }
    if (!call) {
      unresolved.push({ ...where, equity: before.equity, maintenanceMargin: before.maintenanceMargin })
      continue
    }
    for (const [from, to] of call.replaced) {
      replaced.set(from, to)
      const taken = rawAmount(from) - rawAmount(to)
      if (from.collateral && taken > 0n) addSold(sold, from, taken)
    }
    const { replaced: _, after, ...amounts } = call
    liquidations.push({ ...where, before, after, ...amounts })
  }
  return { liquidations, unresolved, replaced, sold }
}

type Account = {
  wallet: string
  chainId: ChainId | null
  venue: string | null
  positions: PreparedPosition[]
}

/** The book's accounts under the scope, in a fixed order (wallet, then chain and venue), positions in book order. */
function accountsOf(positions: readonly PreparedPosition[], scope: PortfolioAccountScope): Account[] {
  const accounts = new Map<string, Account>()
  for (const p of positions) {
    const wallet = p.position.wallet.toLowerCase()
    const { chainId, venue } = p.position
    const key = scope === 'wallet' ? wallet : `${wallet}|${chainId}|${venue}`
    const account =
      accounts.get(key) ??
      (scope === 'wallet'
        ? { wallet, chainId: null, venue: null, positions: [] }
        : { wallet, chainId, venue, positions: [] })
    account.positions.push(p)
    accounts.set(key, account)
  }
  return [...accounts.keys()].sort().map((k) => accounts.get(k) as Account)
}

function rawAmount(p: PreparedPosition): bigint {
  const position = p.position
  return position.kind === 'spot' || position.kind === 'supply' || position.kind === 'debt'
    ? position.amount
    : 0n
}
