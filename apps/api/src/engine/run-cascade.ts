import type { ResolvedPriceImpact } from '@xmargin/config'
import type { Position, Price, RiskParameters, Volatility } from '@xmargin/core'
import {
  type CascadeSale,
  type CoverTwoReturnType,
  type CoverTwoScenario,
  coverTwo,
  createPerpV2Rule,
  type PriceImpact,
  prepareInputs,
  type SimulateCascadeReturnType,
  simulateCascade,
  simulatePortfolioCascade,
  venueRules,
} from '@xmargin/engine'

import { type CascadeMarket, type CascadePool, placeMarkets } from './cascade-markets.js'
import { type CascadePerpPool, perpPoolLookup } from './cascade-perp-pools.js'

export type { CascadeMarket, CascadePool } from './cascade-markets.js'
export type { CascadePerpPool } from './cascade-perp-pools.js'

/** The plain-data input of a cascade (it crosses into a worker thread as it is). */
export type CascadeTaskInput = {
  /** The selected wallets, lowercased: those without positions count as surviving. */
  wallets: readonly string[]
  positions: readonly Position[]
  prices: readonly Price[]
  volatilities: readonly Volatility[]
  params: RiskParameters
  now: number
  /** Price multiplier per factor id (0.7 = −30%); factors without positions in the book are ignored. */
  shock: Readonly<Record<string, number>>
  /** Depth curves by factor id (the config's `priceImpact`, with the request's overrides). */
  curves: ResolvedPriceImpact
  /** Uniswap v3 pools stored at the request's cut: a factor whose collateral one trades sells into it. */
  pools: readonly CascadePool[]
  /** Factors whose depth curve the request gave (`impact`): they use it even where a pool is stored. */
  curveFactors: readonly string[]
  /** Perp v2 virtual pools stored at the cut: a market with one closes its liquidations through it. */
  perpPools: readonly CascadePerpPool[]
  maxRounds: number
}

/** One round of a margin regime, summed over its liquidations (USD amounts as the engine computes them). */
export type CascadeRegimeRound = {
  round: number
  /** Price multiplier per factor the round evaluated at. */
  multipliers: Readonly<Record<string, number>>
  /** USD price per asset the round evaluated at. */
  prices: Readonly<Record<string, number>>
  liquidations: number
  /** Distinct wallets liquidated in the round. */
  walletsHit: number
  /**
   * Failing accounts the round could not act on: isolated, Perp v2 accounts (amounts not modelled);
   * portfolio, wallets with no debt to repay or no collateral to seize.
   */
  unresolved: number
  seizedValue: number
  repaidValue: number
  badDebt: number
  /** Each factor's seized collateral sold after the round, and the multiplier it left. */
  sales: readonly CascadeSale[]
}

/** One side of the comparison: what a margin regime does to the same wallets under the same shock. */
export type CascadeRegimeOutcome = {
  wallets: number
  walletsSurviving: number
  walletsLiquidated: number
  /** USD of collateral seized over the whole cascade. */
  liquidatedValue: number
  /** USD of debt left without collateral. */
  badDebt: number
  /** Rounds run (the last one liquidated nothing when `fixedPoint`). */
  rounds: number
  fixedPoint: boolean
  /** Price multiplier per factor at the end (the regime's fixed-point prices when `fixedPoint`). */
  multipliers: Readonly<Record<string, number>>
  /** Round by round: prices, liquidations, wallets hit, seized, repaid, bad debt, sales. */
  byRound: CascadeRegimeRound[]
}

/** The cascade's result without its book, with the markets and the margin-regime comparison. */
export type CascadeTaskResult = Omit<SimulateCascadeReturnType, 'book'> & {
  markets: CascadeMarket[]
  /** Inputs the engine could not use (a position without a price): the answer leaves them out. */
  reasons: string[]
  comparison: { isolated: CascadeRegimeOutcome; portfolio: CascadeRegimeOutcome }
}

/**
 * Runs a liquidation cascade over stored positions: prepares one book of every wallet, opens each
 * factor's market (`placeMarkets`: a Uniswap v3 pool stored at the cut, else the factor's depth curve
 * placed at the book's price; a curve the request gave wins over a pool), and runs the same shock, markets and round limit under
 * two regimes. Isolated: each venue's own rule (`simulateCascade`), a Perp v2 market's liquidations
 * closed through its virtual pool stored at the cut (`perpPools`; at the index price without one); a
 * wallet is liquidated when any venue liquidated it (or failed where amounts are not modelled). Portfolio:
 * unified cross-chain portfolio margin (`simulatePortfolioCascade`, `portfolio` model, one account
 * per wallet): a wallet below its MM is liquidated back to its IM at the venues' bonus; it counts as
 * liquidated when liquidated or failing with nothing to repay (`unresolved`). Each side reports its
 * rounds, the collateral seized and the bad debt.
 *
 * @example
 * const result = runCascade({ wallets, positions, prices, volatilities: [], params, now, shock: { ETH: 0.75 }, curves, pools: [], curveFactors: [], perpPools: [], maxRounds: 20 })
 * result.comparison.portfolio.walletsSurviving
 */
export function runCascade(input: CascadeTaskInput): CascadeTaskResult {
  const { positions, prices, volatilities, params, now, maxRounds } = input
  const prepared = prepareInputs({ positions, prices, volatilities, params, now })
  const book = prepared.book
  const shock = Object.fromEntries(Object.entries(input.shock).filter(([f]) => book.factors.includes(f)))
  const curveFactors = new Set(input.curveFactors)
  const markets = placeMarkets({
    book,
    curves: input.curves,
    pools: input.pools.filter(
      (pool) => !curveFactors.has(input.params.assets[pool.base.symbol]?.factor ?? ''),
    ),
  })
  const impact: Record<string, PriceImpact> = {}
  for (const { market, impact: model } of markets) impact[market.factor] = model
  // Perp v2 closes through its market's stored virtual pool (else at the index price, `closedAt`)
  const pools = perpPoolLookup(input.perpPools)
  const rules = venueRules.map((rule) =>
    rule.name === 'perp-v2' ? createPerpV2Rule({ liquidation: { pools } }) : rule,
  )
  const { book: _after, ...cascade } = simulateCascade({ book, shock, impact, maxRounds, rules })
  const unified = simulatePortfolioCascade({ book, shock, impact, maxRounds })
  const wallets = [
    ...new Set([
      ...input.wallets.map((w) => w.toLowerCase()),
      ...positions.map((p) => p.wallet.toLowerCase()),
    ]),
  ].sort()
  const failed = new Set<string>()
  for (const round of cascade.rounds) {
    for (const l of round.liquidations) failed.add(l.wallet.toLowerCase())
    for (const u of round.unmodelled) failed.add(u.wallet.toLowerCase())
  }
  const portfolioFailed = new Set<string>()
  for (const round of unified.rounds) {
    for (const l of round.liquidations) portfolioFailed.add(l.wallet)
    for (const u of round.unresolved) portfolioFailed.add(u.wallet)
  }
  const outcome = (
    liquidated: ReadonlySet<string>,
    run: {
      fixedPoint: boolean
      multipliers: Readonly<Record<string, number>>
      totals: { seizedValue: number; badDebt: number }
    },
    byRound: CascadeRegimeRound[],
  ): CascadeRegimeOutcome => ({
    wallets: wallets.length,
    walletsSurviving: wallets.length - liquidated.size,
    walletsLiquidated: liquidated.size,
    liquidatedValue: run.totals.seizedValue,
    badDebt: run.totals.badDebt,
    rounds: byRound.length,
    fixedPoint: run.fixedPoint,
    multipliers: run.multipliers,
    byRound,
  })
  const isolatedRounds = cascade.rounds.map(
    (r): CascadeRegimeRound => ({
      round: r.round,
      multipliers: r.multipliers,
      prices: r.prices,
      liquidations: r.liquidations.length,
      walletsHit: r.walletsHit,
      unresolved: r.unmodelled.length,
      seizedValue: r.liquidations.reduce((sum, l) => sum + l.seized.value, 0),
      repaidValue: r.liquidations.reduce((sum, l) => sum + l.repaid.value, 0),
      badDebt: r.badDebt,
      sales: r.sales,
    }),
  )
  const portfolioRounds = unified.rounds.map(
    ({ liquidations, unresolved, ...r }): CascadeRegimeRound => ({
      ...r,
      liquidations: liquidations.length,
      unresolved: unresolved.length,
    }),
  )
  return {
    ...cascade,
    markets: markets.map((m) => m.market),
    reasons: prepared.missing.prices.map((m) => `missing-price:${m.asset}@${m.chainId}`),
    comparison: {
      isolated: outcome(failed, cascade, isolatedRounds),
      portfolio: outcome(portfolioFailed, unified, portfolioRounds),
    },
  }
}

/** The plain-data input of a Cover-2 computation. */
export type CoverTwoTaskInput = {
  positions: readonly Position[]
  prices: readonly Price[]
  volatilities: readonly Volatility[]
  params: RiskParameters
  now: number
  scenarios: readonly CoverTwoScenario[]
}

/**
 * Cover-2 over stored positions: one book of every wallet, `coverTwo` over the scenarios (each
 * scenario's shock restricted to the factors the book holds).
 *
 * @example
 * runCoverTwo({ positions, prices, volatilities: [], params, now, scenarios: [{ name: 'ETH −40%', shock: { ETH: 0.6 } }] }).fund
 */
export function runCoverTwo(input: CoverTwoTaskInput): CoverTwoReturnType {
  const { positions, prices, volatilities, params, now } = input
  const { book } = prepareInputs({ positions, prices, volatilities, params, now })
  const scenarios = input.scenarios.map((s) => ({
    name: s.name,
    shock: Object.fromEntries(Object.entries(s.shock).filter(([f]) => book.factors.includes(f))),
  }))
  return coverTwo({ book, scenarios })
}
