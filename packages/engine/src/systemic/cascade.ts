import type { ChainId } from '@xmargin/core'
import type { PreparedBook, PreparedPosition } from '../book.js'
import type { PriceImpact } from '../impact/price-impact.js'
import { venueRules } from '../venues/index.js'
import type {
  PerpLiquidationClose,
  VenueLiquidationLeg,
  VenueRule,
  VenueRuleName,
} from '../venues/venue-rule.js'
import { applyLiquidation, toxicFlag } from './cascade-book.js'
import {
  type MorphoTotals,
  morphoMarketKey,
  refreshMorphoTotals,
  withMorphoTotals,
} from './cascade-morpho.js'
import { runCascadeRounds } from './cascade-rounds.js'
import { addSold, type CascadeSale, type SoldUnits } from './cascade-sales.js'

/** One liquidation call the cascade made, with the amounts the venue's contract would move. */
export type CascadeLiquidation = {
  rule: VenueRuleName
  chainId: ChainId
  venue: string
  wallet: string
  market: string | null
  /** Raw `amount`s to the wei in the contract's arithmetic; `quantity` and `value` are float64. */
  repaid: VenueLiquidationLeg
  /** What leaves the account, the protocol fee included. */
  seized: VenueLiquidationLeg
  /** Raw units of the seized asset that go to the venue's treasury (Aave's protocol fee; 0n otherwise). */
  protocolFee: bigint
  badDebt: number
  /** Raw debt units the venue wrote off in the call (Morpho Blue's bad debt; 0n on Aave v3). */
  writtenOff: bigint
  /** Perp v2 only: the position closed and the penalty (18 decimals); `repaid` is the close, `seized` the penalty. */
  perp?: PerpLiquidationClose | undefined
  /** The published toxicity bound on the account at the round's prices (null: no bound for the venue). */
  toxic: boolean | null
}

/** A venue account that fails its rule but whose liquidation amounts are not modelled (a rule without `liquidation`). */
export type CascadeUnmodelled = { rule: VenueRuleName; chainId: ChainId; wallet: string; health: number }

/** Per-venue, per-chain sums of one round or of the whole cascade. */
export type CascadeVenueTotal = {
  rule: VenueRuleName
  chainId: ChainId
  liquidations: number
  seizedValue: number
  repaidValue: number
  badDebt: number
}

export type { CascadeSale } from './cascade-sales.js'

/** One round: the prices it evaluated at, what the venues liquidated, and the sales that followed. */
export type CascadeRound = {
  round: number
  /** Price multiplier per factor (shock × impact) the round evaluated at; 1 = the book's price. */
  multipliers: Readonly<Record<string, number>>
  /** USD price per asset the round evaluated at (the book's price of its first position × multiplier). */
  prices: Readonly<Record<string, number>>
  liquidations: CascadeLiquidation[]
  unmodelled: CascadeUnmodelled[]
  byVenue: CascadeVenueTotal[]
  badDebt: number
  walletsHit: number
  sales: CascadeSale[]
}

/** Parameters of {@link simulateCascade}. */
export type SimulateCascadeParameters = {
  /** Every wallet's positions in one prepared book (`prepareInputs` over all of them). */
  book: PreparedBook
  /** Price multiplier per factor id applied before round 1 (0.7 = −30%); absent factors stay at 1. */
  shock: Readonly<Record<string, number>>
  /**
   * Where seized collateral of a factor is sold, by factor id. Each model is read relatively: a
   * sale moving its marginal price by r multiplies the factor's price by r on top of the shock.
   */
  impact: Readonly<Record<string, PriceImpact>>
  /** Round limit (≥ 1). */
  maxRounds: number
  /** The venue rules to evaluate (default: the engine's registry). */
  rules?: readonly VenueRule[] | undefined
}

/** What {@link simulateCascade} returns. */
export type SimulateCascadeReturnType = {
  rounds: CascadeRound[]
  /** True when the last round liquidated nothing (the fixed point); false when maxRounds cut it. */
  fixedPoint: boolean
  /** Price multipliers per factor at the end (the fixed-point prices when `fixedPoint`). */
  multipliers: Readonly<Record<string, number>>
  /** USD price per asset at the end (the fixed-point prices when `fixedPoint`). */
  prices: Readonly<Record<string, number>>
  /** The book after every liquidation (quantities reduced; prices are the book's, unmoved). */
  book: PreparedBook
  totals: {
    liquidations: number
    seizedValue: number
    repaidValue: number
    badDebt: number
    byVenue: CascadeVenueTotal[]
    walletsHit: number
  }
}

/**
 * A liquidation cascade over many wallets: applies the shock, then each round evaluates every
 * venue account with its venue's rule at the round's prices, makes the one liquidation call the
 * venue allows on each failing account (Aave's close factor, Morpho's full liquidation), sells the
 * seized collateral per factor into its price-impact model and moves that factor's price for the
 * next round, until a round liquidates nothing or `maxRounds`. A failing Perp v2 account has its
 * largest market closed with the penalty charged (`liquidatePerpV2`: `repaid` is the closed
 * position, `seized` the penalty); the close trades in Perp's own virtual pool, so it sells nothing
 * into the spot market. Rules without a liquidation report failing accounts as `unmodelled`; the
 * options venue does not liquidate.
 *
 * Liquidations within a round are simultaneous (all evaluated at the round's prices, then applied).
 * One price-impact model per factor serves every chain (seized WETH on chains 1 and 42161 goes into
 * the same market); seized collateral of a factor without a model is an error, stablecoins included.
 * Only the collateral sale moves prices: the liquidators' purchases of the debt asset do not. Bad
 * debt is reported once, by the liquidation that took the last collateral; Aave v3 leaves it on the
 * account, Morpho Blue writes it off in that call (`writtenOff`), so the account's debt goes to 0.
 * Amounts are the contracts' integers (Aave v3 `LiquidationLogic`, Morpho Blue `liquidate`, see
 * `liquidateAave` and `liquidateMorpho`). Within a round every call sees the round's prices; the
 * calls of one Morpho Blue market run in book order, each on the borrow totals the previous one
 * left, as they would on chain (each call's share rounding moves the share price the next uses).
 *
 * @example
 * const result = simulateCascade({ book, shock: { ETH: 0.75 }, impact: { ETH: ethImpact }, maxRounds: 20 })
 * result.rounds.length // rounds until the fixed point
 */
export function simulateCascade(parameters: SimulateCascadeParameters): SimulateCascadeReturnType {
  const rules = (parameters.rules ?? venueRules).filter((r) => r.liquidates)
  const run = runCascadeRounds({
    ...parameters,
    step: (book, m) => venueRound(book, m, rules),
    record: (facts, step): CascadeRound => ({
      ...facts,
      unmodelled: step.unmodelled,
      byVenue: sumByVenue(facts.liquidations),
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
      seizedValue: all.reduce((s, l) => s + l.seized.value, 0),
      repaidValue: all.reduce((s, l) => s + l.repaid.value, 0),
      badDebt: all.reduce((s, l) => s + l.badDebt, 0),
      byVenue: sumByVenue(all),
      walletsHit: run.walletsHit,
    },
  }
}

/** One round under the venues' own rules: every account judged at the round's multipliers `m`. */
function venueRound(book: PreparedBook, m: readonly number[], rules: readonly VenueRule[]) {
  const move = (p: PreparedPosition) => m[p.factor] ?? 1
  const liquidations: CascadeLiquidation[] = []
  const unmodelled: CascadeUnmodelled[] = []
  const replaced = new Map<PreparedPosition, PreparedPosition>()
  const morphoTotals = new Map<string, MorphoTotals>()
  const sold: SoldUnits = new Map()
  for (const rule of rules)
    for (const listed of rule.accountsOf(book.positions, book.rate)) {
      // a Morpho call sees its market's totals as the round's previous calls in it left them
      const key = listed.market === null ? undefined : morphoMarketKey(listed.chainId, listed.market)
      const totals = rule.name === 'morpho-blue' && key ? morphoTotals.get(key) : undefined
      const account = totals ? withMorphoTotals(listed, totals, book.rate) : listed
      const check = rule.check(account, move)
      if (!check.liquidatable) continue
      if (!rule.liquidation) {
        unmodelled.push({
          rule: rule.name,
          chainId: account.chainId,
          wallet: account.wallet,
          health: check.health,
        })
        continue
      }
      const liquidation = rule.liquidation(account, move)
      // a lending call that seizes nothing changes nothing; a Perp v2 close always closes some size
      if (!liquidation || (liquidation.perp ? liquidation.repaid.amount : liquidation.seized.amount) <= 0n)
        continue
      for (const [from, to] of applyLiquidation(listed, liquidation, book.rate)) replaced.set(from, to)
      if (liquidation.morpho && key) {
        const { totalBorrowAssets, totalBorrowShares } = liquidation.morpho.after
        morphoTotals.set(key, { totalBorrowAssets, totalBorrowShares })
      }
      const seizedPosition = account.positions.find((p) => p.position.asset === liquidation.seized.asset)
      // Perp v2 closes in its own virtual pool: nothing goes to a spot market. What the liquidator
      // receives is sold; a protocol fee goes to the treasury, not the market.
      if (!liquidation.perp && seizedPosition)
        addSold(sold, seizedPosition, liquidation.seized.amount - liquidation.protocolFee)
      liquidations.push({
        rule: rule.name,
        chainId: account.chainId,
        venue: account.venue,
        wallet: account.wallet,
        market: account.market,
        repaid: liquidation.repaid,
        seized: liquidation.seized,
        protocolFee: liquidation.protocolFee,
        badDebt: liquidation.badDebt,
        writtenOff: liquidation.writtenOff,
        ...(liquidation.perp ? { perp: liquidation.perp } : {}),
        toxic: toxicFlag(account, liquidation, move),
      })
    }
  return {
    liquidations,
    unmodelled,
    replaced,
    sold,
    settle: (replacedBook: PreparedBook) => refreshMorphoTotals(replacedBook, morphoTotals),
  }
}

function sumByVenue(liquidations: readonly CascadeLiquidation[]): CascadeVenueTotal[] {
  const totals = new Map<string, CascadeVenueTotal>()
  for (const l of liquidations) {
    const key = `${l.rule}|${l.chainId}`
    const total = totals.get(key) ?? {
      rule: l.rule,
      chainId: l.chainId,
      liquidations: 0,
      seizedValue: 0,
      repaidValue: 0,
      badDebt: 0,
    }
    total.liquidations += 1
    total.seizedValue += l.seized.value
    total.repaidValue += l.repaid.value
    total.badDebt += l.badDebt
    totals.set(key, total)
  }
  return [...totals.values()]
}
