import type { ChainId } from '@xmargin/core'
import type { PreparedBook } from '../book.js'
import { valueAt } from '../prepare-inputs.js'
import { venueRules } from '../venues/index.js'
import type { VenueRule, VenueRuleName } from '../venues/venue-rule.js'
import { InvalidCascadeParametersError } from './errors.js'

/** A named scenario: a price multiplier per factor id (absent factors stay at 1). */
export type CoverTwoScenario = { name: string; shock: Readonly<Record<string, number>> }

/** One venue account's loss beyond its margin under a scenario (USD, float64). */
export type CoverTwoLoss = {
  rule: VenueRuleName
  chainId: ChainId
  wallet: string
  market: string | null
  /** max(0, −(collateral value − liabilities)) at the scenario's prices: what its collateral cannot cover. */
  loss: number
}

/** Parameters of {@link coverTwo}. */
export type CoverTwoParameters = {
  book: PreparedBook
  scenarios: readonly CoverTwoScenario[]
  /** The venue rules whose accounts are the members (default: the engine's registry). */
  rules?: readonly VenueRule[] | undefined
}

/** What {@link coverTwo} returns: the worst scenario's two largest losses, and every scenario's. */
export type CoverTwoReturnType = {
  /** The default fund Cover-2 calls for: the largest, over scenarios, of the two largest losses' sum. */
  fund: number
  scenario: string
  largest: CoverTwoLoss[]
  byScenario: { scenario: string; total: number; largest: CoverTwoLoss[] }[]
}

/**
 * Cover-2: the capital that covers the default of the two members with the largest losses beyond
 * margin under a set of scenarios. A member is a venue account (a rule's grouping: an Aave account
 * per chain, a Morpho market position, a Perp v2 account); its loss beyond margin is what its
 * collateral-side positions (collateral-enabled supply, spot) fall short of its liabilities (debt,
 * perp PnL and funding, options) at the scenario's prices, 0 when they cover them. Instantaneous:
 * no liquidations in between (see `simulateCascade` for those).
 *
 * @example
 * const { fund, largest } = coverTwo({ book, scenarios: [{ name: 'ETH −40%', shock: { ETH: 0.6 } }] })
 */
export function coverTwo(parameters: CoverTwoParameters): CoverTwoReturnType {
  const { book, scenarios } = parameters
  if (scenarios.length === 0) throw new InvalidCascadeParametersError('coverTwo needs at least one scenario')
  const rules = parameters.rules ?? venueRules
  const accounts = rules.flatMap((rule) => rule.accountsOf(book.positions, book.rate))
  const byScenario = scenarios.map((scenario) => {
    for (const factor of Object.keys(scenario.shock))
      if (!book.factors.includes(factor))
        throw new InvalidCascadeParametersError(`unknown factor ${factor} in scenario ${scenario.name}`)
    const multipliers = book.factors.map((f) => scenario.shock[f] ?? 1)
    const losses: CoverTwoLoss[] = accounts.map((account) => {
      let net = 0
      for (const p of account.positions) {
        if (!p.collateral && !p.liability) continue
        net += valueAt(p, p.price * (multipliers[p.factor] ?? 1), book.rate).value
      }
      return {
        rule: account.rule,
        chainId: account.chainId,
        wallet: account.wallet,
        market: account.market,
        loss: Math.max(0, -net),
      }
    })
    const largest = losses
      .filter((l) => l.loss > 0)
      .sort((a, b) => b.loss - a.loss)
      .slice(0, 2)
    return { scenario: scenario.name, total: largest.reduce((s, l) => s + l.loss, 0), largest }
  })
  let worst = byScenario[0] as (typeof byScenario)[number]
  for (const s of byScenario) if (s.total > worst.total) worst = s
  return { fund: worst.total, scenario: worst.scenario, largest: worst.largest, byScenario }
}
