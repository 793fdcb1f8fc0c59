import type { ArrangedOption } from './arrange-portfolio.js'
import { secondsPerYear } from './black76.js'
import type { DeriveMarginEvaluation } from './compute-derive-margin.js'
import { shockedExpiryValue } from './expiry-pricing.js'
import type { PricedExpiry } from './precompute.js'
import { scenarioExpiryValue } from './scenario-pnl.js'
import type { DeriveMarginInput, DeriveScenario } from './types.js'

/** Each input line's share of the margin's minSpan (≤ 0 for a line that loses in the worst case). */
export type DeriveLineContributions = {
  /** Aligned with `input.options`. */
  options: number[]
  perp: number
  /** Aligned with `input.collaterals`. */
  collaterals: number[]
}

const instrument = (strike: number, isCall: boolean) => `${strike}|${isCall}`

/** The expiry reduced to one line (same market data, shocks and discounts). */
function alone(expiry: PricedExpiry, option: ArrangedOption): PricedExpiry {
  return { ...expiry, options: [option] }
}

/** Per held line of an expiry: its part of the expiry's P&L in a scenario (they sum to it). */
function scenarioLines(
  expiry: PricedExpiry,
  scenario: DeriveScenario,
  params: DeriveMarginInput['params'],
): Map<string, number> {
  const value = scenarioExpiryValue(expiry, scenario, params)
  const discount = value >= 0 ? expiry.staticDiscountPositive : expiry.staticDiscountNegative
  const damping = scenario.dampeningFactor
  const skew = scenario.volShock === 'linear' || scenario.volShock === 'abs'
  // In a skew scenario the expiry counts −|P&L|: a gain is turned, line by line, into a loss.
  const flip = skew && (value * discount - expiry.mark) * damping > 0 ? -1 : 1
  const lines = new Map<string, number>()
  for (const option of expiry.options) {
    const single = alone(expiry, option)
    const lineValue = scenarioExpiryValue(single, scenario, params)
    const lineMark = shockedExpiryValue({ expiry: single, spotShock: 1, volMultiplier: 1, minVol: 0 })
    lines.set(instrument(option.strike, option.isCall), flip * (lineValue * discount - lineMark) * damping)
  }
  return lines
}

/** Per held line of an expiry: its part of the expiry's basis contingency. */
function basisLines(expiry: PricedExpiry, params: DeriveMarginInput['params']): Map<string, number> {
  const { basis } = params
  const move = (spotShock: number, of: PricedExpiry) =>
    shockedExpiryValue({ expiry: of, spotShock, volMultiplier: 1, minVol: 0 })
  const up = move(basis.scenarioSpotUp, expiry) - expiry.mark
  const down = move(basis.scenarioSpotDown, expiry) - expiry.mark
  const lines = new Map<string, number>()
  const worst = Math.min(up, down, 0)
  const shock = up <= down ? basis.scenarioSpotUp : basis.scenarioSpotDown
  const scale =
    basis.basisContAddFactor + basis.basisContMultFactor * (expiry.secondsToExpiry / secondsPerYear)
  for (const option of expiry.options) {
    const single = alone(expiry, option)
    const share = worst === 0 ? 0 : (move(shock, single) - move(1, single)) * scale
    lines.set(instrument(option.strike, option.isCall), share)
  }
  return lines
}

/**
 * Splits the minSpan of a Derive margin evaluation over the input's lines: in the worst scenario,
 * each option line's own shocked value times its expiry's static discount, minus its mark, times
 * the dampening (in skew scenarios with the expiry's sign flip); the perp's and each risk-cancelling
 * collateral's spot P&L; when the basis contingency is the worst, each line's move in its expiry's
 * worse basis direction times the term factor. The parts add up to minSpan (up to rounding); input
 * lines repeating one instrument share its part by amount.
 *
 * @example
 * const evaluation = evaluateDeriveMargin(input)
 * const parts = deriveLineContributions(input, evaluation)
 * parts.options.reduce((a, b) => a + b, parts.perp) // ≈ evaluation.minSpan
 */
export function deriveLineContributions(
  input: DeriveMarginInput,
  evaluation: DeriveMarginEvaluation,
): DeriveLineContributions {
  const { portfolio, result } = evaluation
  const scenario = input.scenarios[result.worstScenario]
  const byExpiry = new Map<number, { expiry: PricedExpiry; lines: Map<string, number> }>()
  for (const expiry of portfolio.expiries) {
    const lines = scenario ? scenarioLines(expiry, scenario, input.params) : basisLines(expiry, input.params)
    byExpiry.set(expiry.expiry, { expiry, lines })
  }
  const options = input.options.map((option) => {
    const found = byExpiry.get(option.expiry)
    if (!found) return 0
    const key = instrument(option.strike, option.isCall)
    const held = found.expiry.options.find((line) => instrument(line.strike, line.isCall) === key)
    if (!held) return 0
    return (found.lines.get(key)! * option.amount) / held.amount
  })
  const shock = scenario ? scenario.spotShock - 1 : 0
  const damping = scenario ? scenario.dampeningFactor : 0
  const perp = portfolio.perpPosition * (shock * portfolio.perpPrice) * damping
  const collaterals = input.collaterals.map((collateral) =>
    collateral.isRiskCancelling
      ? ((collateral.amount * collateral.price) / input.stablePrice) * shock * damping
      : 0,
  )
  return { options, perp, collaterals }
}
