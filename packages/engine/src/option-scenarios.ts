import type { FactorRiskParameters } from '@xmargin/core'
import { black76Delta, normalCdf } from './black76.js'
import type { PreparedOption } from './book.js'
import type { ScenarioSet } from './joint-scenarios.js'

/**
 * Per-option constants of the scenario revaluation (discount, growth to the forward, σ√T for the
 * three vol levels), each computed by the same float operations as `black76Price` and
 * `optionScenarioPnl`, so that revaluing through a pricer is bit-identical to the reference path.
 */
export type OptionPricer = {
  call: boolean
  strike: number
  quantity: number
  t: number
  /** Base σ (vol unchanged), for values and deltas away from the grid. */
  sigma: number
  rate: number
  /** e^{−rT} (1 when expired). */
  discount: number
  /** e^{rT}: forward = price · growth. */
  growth: number
  /** σ√T with vol unchanged / up / down (0 when expired). */
  stdDevNone: number
  stdDevUp: number
  stdDevDown: number
}

/**
 * Builds the pricer of one option position on its factor.
 *
 * @example
 * const pricer = createOptionPricer(p.option!, p.quantity, book.factorParameters[p.factor]!, book.rate)
 */
export function createOptionPricer(
  option: PreparedOption,
  quantity: number,
  factor: FactorRiskParameters,
  rate: number,
): OptionPricer {
  const t = option.t
  const root = Math.sqrt(t)
  const up = option.sigma * (1 + factor.volUp * option.m)
  const down = option.sigma * Math.max(0, 1 - factor.volDown * option.m)
  return {
    call: option.call,
    strike: option.strike,
    quantity,
    t,
    sigma: option.sigma,
    rate,
    discount: t > 0 ? Math.exp(-rate * t) : 1,
    growth: Math.exp(rate * t),
    stdDevNone: t > 0 ? option.sigma * root : 0,
    stdDevUp: t > 0 ? up * root : 0,
    stdDevDown: t > 0 ? down * root : 0,
  }
}

/** Black-76 premium from its parts; `logMoneyness` = ln(F/K), only read when F, K and σ√T are > 0. */
function premium(pricer: OptionPricer, forward: number, logMoneyness: number, stdDev: number): number {
  const { discount, strike, call } = pricer
  if (!(stdDev > 0) || !(forward > 0) || !(strike > 0)) {
    return discount * Math.max(call ? forward - strike : strike - forward, 0)
  }
  const d1 = (logMoneyness + (stdDev * stdDev) / 2) / stdDev
  const d2 = d1 - stdDev
  return call
    ? discount * (forward * normalCdf(d1) - strike * normalCdf(d2))
    : discount * (strike * normalCdf(-d2) - forward * normalCdf(-d1))
}

function logMoneynessOf(forward: number, strike: number): number {
  return forward > 0 && strike > 0 ? Math.log(forward / strike) : 0
}

/**
 * Value of the position (quantity × premium) with the underlying at `price`, vol unchanged.
 *
 * @example
 * const moved = optionValueAt(pricer, p.price * 0.9)
 */
export function optionValueAt(pricer: OptionPricer, price: number): number {
  const forward = price * pricer.growth
  return pricer.quantity * premium(pricer, forward, logMoneynessOf(forward, pricer.strike), pricer.stdDevNone)
}

/**
 * Dollar delta of the position with the underlying at `price` (as `valueAt` reports it).
 *
 * @example
 * const exposure = optionExposureAt(pricer, p.price * 0.9)
 */
export function optionExposureAt(pricer: OptionPricer, price: number): number {
  const forward = price * pricer.growth
  return (
    pricer.quantity *
    black76Delta(forward, pricer.strike, pricer.t, pricer.sigma, pricer.rate, pricer.call) *
    forward
  )
}

/**
 * Writes the PnL of the position in every scenario of `set` (full Black-76 revaluation at
 * price·(1 + move) with the scenario's vol level, minus `value`) into `out[offset + s]`. One
 * logarithm per distinct spot move; the same numbers as `optionScenarioPnl` scenario by scenario.
 * `value` must be the position's value at `price` with vol unchanged as this pricer computes it
 * (`p.value`, or {@link optionValueAt}): the unmoved, vol-unchanged scenario is then that very
 * premium, and its PnL is written as `value − value` without repricing.
 *
 * @example
 * writeOptionScenarioPnl(pricer, scenarioSet(factor), p.price, p.value, rows, row * stride)
 */
export function writeOptionScenarioPnl(
  pricer: OptionPricer,
  set: ScenarioSet,
  price: number,
  value: number,
  out: number[],
  offset: number,
): void {
  const { moves, vols, groupStart, groupMembers } = set
  const { quantity, growth, strike, discount, call, stdDevNone, stdDevUp, stdDevDown } = pricer
  const groups = groupStart.length - 1
  for (let g = 0; g < groups; g++) {
    const end = groupStart[g + 1]!
    const move = moves[groupMembers[groupStart[g]!]!]!
    const forward = price * (1 + move) * growth
    const logMoneyness = logMoneynessOf(forward, strike)
    for (let j = groupStart[g]!; j < end; j++) {
      const s = groupMembers[j]!
      const vol = vols[s]!
      if (vol === 0 && move === 0) {
        out[offset + s] = value - value
        continue
      }
      const stdDev = vol === 0 ? stdDevNone : vol > 0 ? stdDevUp : stdDevDown
      let premium: number
      if (!(stdDev > 0) || !(forward > 0) || !(strike > 0)) {
        premium = discount * Math.max(call ? forward - strike : strike - forward, 0)
      } else {
        const d1 = (logMoneyness + (stdDev * stdDev) / 2) / stdDev
        const d2 = d1 - stdDev
        premium = call
          ? discount * (forward * normalCdf(d1) - strike * normalCdf(d2))
          : discount * (strike * normalCdf(-d2) - forward * normalCdf(-d1))
      }
      out[offset + s] = quantity * premium - value
    }
  }
}
