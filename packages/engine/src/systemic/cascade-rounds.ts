import type { PreparedBook, PreparedPosition } from '../book.js'
import type { PriceImpact } from '../impact/price-impact.js'
import { replacePositions } from './cascade-book.js'
import { assetPrices, type CascadeSale, openCascadeMarkets, type SoldUnits } from './cascade-sales.js'
import { InvalidCascadeParametersError } from './errors.js'

/** What one round's rule did to the book: its calls, the positions they replaced and the collateral to sell. */
export type CascadeRoundStep<Liquidation extends { wallet: string }> = {
  liquidations: Liquidation[]
  replaced: ReadonlyMap<PreparedPosition, PreparedPosition>
  sold: SoldUnits
  /** The book after the replacements, when the rule has more to update (default: the replaced book). */
  settle?: ((book: PreparedBook) => PreparedBook) | undefined
}

/** The round's figures every cascade reports, given to the rule's `record`. */
export type CascadeRoundFacts<Liquidation> = {
  round: number
  /** Price multiplier per factor the round evaluated at. */
  multipliers: Readonly<Record<string, number>>
  /** USD price per asset the round evaluated at. */
  prices: Readonly<Record<string, number>>
  liquidations: Liquidation[]
  /** Distinct wallets (lower case) with a call this round. */
  walletsHit: number
  sales: CascadeSale[]
}

/** Parameters of {@link runCascadeRounds}. */
export type RunCascadeRoundsParameters<Liquidation extends { wallet: string }, Step, Round> = {
  book: PreparedBook
  /** Price multiplier per factor id applied before round 1. */
  shock: Readonly<Record<string, number>>
  /** Where seized collateral of a factor is sold. */
  impact: Readonly<Record<string, PriceImpact>>
  /** Round limit (≥ 1). */
  maxRounds: number
  /** One round of the rule: every account judged at the round's multipliers (`m[factor index]`), on `book`. */
  step: (book: PreparedBook, m: readonly number[]) => Step & CascadeRoundStep<Liquidation>
  /** The round as the cascade reports it, from the shared facts and the rule's own step. */
  record: (facts: CascadeRoundFacts<Liquidation>, step: Step) => Round
}

/** What {@link runCascadeRounds} returns. */
export type RunCascadeRoundsReturnType<Liquidation, Round> = {
  rounds: Round[]
  /** True when the last round liquidated nothing; false when `maxRounds` cut it. */
  fixedPoint: boolean
  multipliers: Readonly<Record<string, number>>
  prices: Readonly<Record<string, number>>
  /** The book after every call. */
  book: PreparedBook
  /** Every call of every round, in order. */
  liquidations: Liquidation[]
  /** Distinct wallets (lower case) with at least one call. */
  walletsHit: number
}

/**
 * The round loop every liquidation cascade shares, whatever decides who is liquidated: apply the
 * shock; each round, let the rule judge every account at the round's prices and make its calls (all
 * at those prices, applied together), sell the seized collateral per factor into its price-impact
 * model, which moves that factor's price for the next round; stop at the first round that
 * liquidates nothing (the fixed point) or after `maxRounds`. `simulateCascade` (each venue's own
 * rule) and `simulatePortfolioCascade` (unified portfolio margin) are this loop with their rule.
 *
 * @example
 * const run = runCascadeRounds({ book, shock, impact, maxRounds, step: venueStep, record: (facts) => facts })
 */
export function runCascadeRounds<Liquidation extends { wallet: string }, Step, Round>(
  parameters: RunCascadeRoundsParameters<Liquidation, Step, Round>,
): RunCascadeRoundsReturnType<Liquidation, Round> {
  const { shock, impact, maxRounds } = parameters
  if (!Number.isInteger(maxRounds) || maxRounds < 1)
    throw new InvalidCascadeParametersError(`maxRounds ${maxRounds} is not an integer ≥ 1`)
  let book = parameters.book
  const factors = book.factors
  const markets = openCascadeMarkets(book, shock, impact)
  const byFactor = (m: readonly number[]) => Object.fromEntries(factors.map((f, i) => [f, m[i] as number]))
  const rounds: Round[] = []
  const all: Liquidation[] = []
  const hit = new Set<string>()
  let fixedPoint = false
  for (let round = 1; round <= maxRounds; round++) {
    const m = markets.multipliers.slice()
    const step = parameters.step(book, m)
    const sales = markets.sell(step.sold)
    const replaced = replacePositions(book, step.replaced)
    book = step.settle ? step.settle(replaced) : replaced
    const wallets = new Set(step.liquidations.map((l) => l.wallet.toLowerCase()))
    for (const w of wallets) hit.add(w)
    all.push(...step.liquidations)
    const facts = {
      round,
      multipliers: byFactor(m),
      prices: assetPrices(book, m),
      liquidations: step.liquidations,
      walletsHit: wallets.size,
      sales,
    }
    rounds.push(parameters.record(facts, step))
    if (step.liquidations.length === 0) {
      fixedPoint = true
      break
    }
  }
  return {
    rounds,
    fixedPoint,
    multipliers: byFactor(markets.multipliers),
    prices: assetPrices(book, markets.multipliers),
    book,
    liquidations: all,
    walletsHit: hit.size,
  }
}
