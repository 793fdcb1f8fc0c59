/**
 * The liability gate (issue 19, "a book without liabilities requires no margin"): the margin a
 * book needs, per scenario, measured against what its lenders can lose.
 *
 * Per scenario s (the unmoved point included), with V_i,s = v_i + k·w_s·PnL_i,s the position's
 * value after the scaled weighted move (k = 1 for IM, k_mm for MM):
 *   A_s = Σ max(0, V_i,s)    what the book owns in s,
 *   Λ_s = Σ max(0, −V_i,s)   what it owes in s (debt, a perp or a written option under water),
 *   Â_s = A_s − Σ c_i        owned, net of the liquidation charges c_i (haircuts, contingencies),
 *   R_s = E − Â_s + Λ_s      the ungated requirement, Σ c_i + k·w_s·loss_s,
 * and the requirement of s is
 *   M_s = 0             when Λ_s = 0 (nothing owed in s: no lender can lose),
 *   M_s = E·Λ_s / Â_s   when Λ_s ≤ Â_s < E (solvent in s, with assets short of the equity),
 *   M_s = R_s           otherwise,
 * M = max_s M_s. E ≥ M_s ⟺ Â_s ≥ Λ_s ⟺ E ≥ R_s, so the line E = M is the ungated line E = max R_s
 * (statuses and liquidation prices are unchanged); with no liability Λ_s = 0 and M = 0.
 * Contributions are the Euler allocation at the binding scenario (M is positively homogeneous):
 * R_s's own allocation, or M·(v_i/E + Λ_i/Λ − Â_i/Â) on the gated branch.
 */

/** Result of {@link liabilityGate}. */
export type LiabilityGateReturnType = {
  /** M = max over scenarios of M_s (≥ 0). */
  requirement: number
  /** The binding scenario's row in `pnl` (−1: the unmoved point). */
  scenario: number
  /** Whether the binding scenario is on the gated branch (E·Λ/Â) rather than R. */
  gated: boolean
  /** Euler allocation of `requirement`, per position; sums to it. */
  contributions: Float64Array
}

/**
 * Applies the liability gate to a book given per position its value, its liquidation charge and
 * its weighted scenario PnL (`pnl[s·n + i]` = w_s·PnL_i,s, one row per scenario), at scale `k`.
 *
 * @example
 * const { requirement } = liabilityGate(values, charges, pnl, 0.8) // MM
 */
export function liabilityGate(
  values: ArrayLike<number>,
  charges: ArrayLike<number>,
  pnl: ArrayLike<number>,
  k: number,
): LiabilityGateReturnType {
  const n = values.length
  const rows = n === 0 ? 0 : pnl.length / n
  let equity = 0
  let charge = 0
  for (let i = 0; i < n; i++) {
    equity += values[i]!
    charge += charges[i]!
  }
  let best = Number.NEGATIVE_INFINITY
  let bestScenario = -1
  let bestGated = false
  for (let s = -1; s < rows; s++) {
    let owned = 0
    let owed = 0
    let loss = 0
    for (let i = 0; i < n; i++) {
      const move = s < 0 ? 0 : k * pnl[s * n + i]!
      const v = values[i]! + move
      if (v > 0) owned += v
      else owed -= v
      loss -= move
    }
    const net = owned - charge
    // Nothing owed in s: no lender to lose anything there.
    const gated = owed === 0 || (owed <= net && net < equity && net > 0)
    const m = owed === 0 ? 0 : gated ? (equity * owed) / net : charge + loss
    if (m > best) {
      best = m
      bestScenario = s
      bestGated = gated
    }
  }
  const contributions = new Float64Array(n)
  const s = bestScenario
  if (best <= 0) return { requirement: 0, scenario: s, gated: bestGated, contributions }
  if (bestGated) {
    let owned = 0
    let owed = 0
    for (let i = 0; i < n; i++) {
      const v = values[i]! + (s < 0 ? 0 : k * pnl[s * n + i]!)
      if (v > 0) owned += v
      else owed -= v
    }
    const net = owned - charge
    if (owed > 0) {
      for (let i = 0; i < n; i++) {
        const v = values[i]! + (s < 0 ? 0 : k * pnl[s * n + i]!)
        const ownedI = Math.max(v, 0) - charges[i]!
        const owedI = v < 0 ? -v : 0
        contributions[i] = best * (values[i]! / equity + owedI / owed - ownedI / net)
      }
    }
  } else {
    for (let i = 0; i < n; i++) contributions[i] = charges[i]! - (s < 0 ? 0 : k * pnl[s * n + i]!)
  }
  return { requirement: Math.max(0, best), scenario: s, gated: bestGated, contributions }
}
