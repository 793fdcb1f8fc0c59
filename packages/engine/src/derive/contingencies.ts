import type { ArrangedExpiry, ArrangedOption } from './arrange-portfolio.js'
import { secondsPerYear } from './black76.js'
import { shockedExpiryValue } from './expiry-pricing.js'
import type { DeriveBasisParams, DeriveOtherParams } from './types.js'

/**
 * Short options of one expiry not covered by an opposite line at the same strike. Per strike the
 * venue pairs each line with every later line of that strike: a short against a long leaves
 * |short| − min(|short|, long) naked, two shorts are both naked, two longs none; a line alone at its
 * strike is naked when short. A call and a put at one strike thus net (a long put covers a short
 * call at that strike, as Derive's contracts have it).
 *
 * @example
 * // short 3 calls and long 1 put at 2000, short 2 puts at 1800 → 2 + 2 = 4 naked
 * nakedShorts([{ strike: 2000, isCall: true, amount: -3, vol: 0.5 },
 *   { strike: 2000, isCall: false, amount: 1, vol: 0.5 }, { strike: 1800, isCall: false, amount: -2, vol: 0.5 }]) // 4
 */
export function nakedShorts(options: readonly ArrangedOption[]): number {
  const seen = new Array<boolean>(options.length).fill(false)
  let naked = 0
  for (let i = 0; i < options.length; i++) {
    if (seen[i]) continue
    const first = options[i]!
    let found = false
    for (let j = i + 1; j < options.length; j++) {
      const second = options[j]!
      if (first.strike !== second.strike) continue
      seen[j] = true
      found = true
      if (first.amount * second.amount < 0) {
        naked +=
          first.amount < 0
            ? Math.abs(first.amount) - Math.min(-first.amount, second.amount)
            : Math.abs(second.amount) - Math.min(first.amount, -second.amount)
      } else if (first.amount < 0) {
        naked += Math.abs(first.amount) + Math.abs(second.amount)
      }
    }
    if (!found && first.amount < 0) naked += Math.abs(first.amount)
  }
  return naked
}

/**
 * Initial-margin add-on for a stale or uncertain feed: (1 − confidence)·confMargin·notional when
 * the confidence is below confThreshold, else 0.
 *
 * @example
 * // confidence 0.5 < 0.55, confMargin 1, notional 1000 → 500
 * confidenceContingency(0.5, 1000, params.other) // 500
 */
export function confidenceContingency(
  minConfidence: number,
  notional: number,
  params: DeriveOtherParams,
): number {
  if (minConfidence < params.confThreshold) return (1 - minConfidence) * params.confMargin * notional
  return 0
}

/**
 * Basis (forward) contingency of one expiry, ≤ 0: the worse of the expiry's value change when the
 * forward's spot part moves to scenarioSpotUp and scenarioSpotDown (no vol move, no static
 * discount), floored at 0 from above, times basisContAddFactor + basisContMultFactor·T (years).
 *
 * @example
 * // a long call gains when spot rises and loses when it falls: min(up − mark, down − mark, 0) = down − mark
 * basisContingency(expiry, mark, params.basis) // (down − mark)·(add + mult·T)
 */
export function basisContingency(expiry: ArrangedExpiry, mark: number, params: DeriveBasisParams): number {
  const up = shockedExpiryValue({ expiry, spotShock: params.scenarioSpotUp, volMultiplier: 1, minVol: 0 })
  const down = shockedExpiryValue({ expiry, spotShock: params.scenarioSpotDown, volMultiplier: 1, minVol: 0 })
  const worst = Math.min(up - mark, down - mark, 0)
  return (
    worst *
    (params.basisContAddFactor + params.basisContMultFactor * (expiry.secondsToExpiry / secondsPerYear))
  )
}
