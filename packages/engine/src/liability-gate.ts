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

/** What the gate reads of a book: per position its value and charge, per scenario its weighted PnL. */
export type GateInput = {
  /** Position values v_i (length n). */
  values: ArrayLike<number>
  /** Liquidation charges c_i at this scale (haircut + contingency), aligned with `values`. */
  charges: ArrayLike<number>
  /** Scenarios to scan (the unmoved point, −1, is added). */
  count: number
  /** w_s·PnL_i,s: position i's weighted PnL in scenario j at `pnl[j·n + i]` (row-major). */
  pnl: ArrayLike<number>
  /** k: 1 for IM, k_mm for MM. */
  scale: number
  /** Called before row j of `pnl` is read (rows filled on demand). */
  ensure?: ((j: number) => void) | undefined
  /**
   * An upper bound of M_s for scenario j (R_s from the factor rows, with rounding slack): a
   * scenario whose bound does not exceed the best M found so far is skipped unread.
   */
  upper?: ((j: number) => number) | undefined
}

/** Result of {@link liabilityGate}. */
export type LiabilityGateReturnType = {
  /** M = max over scenarios of M_s (≥ 0). */
  requirement: number
  /** The binding scenario (−1: the unmoved point). */
  scenario: number
  /** Euler allocation of `requirement`, per position; sums to it. */
  contributions: Float64Array
}

type Region = { owned: number; owed: number; loss: number }

function regionOf(input: GateInput, j: number, out: Region): Region {
  const { values, scale, pnl } = input
  const n = values.length
  let owned = 0
  let owed = 0
  let loss = 0
  for (let i = 0; i < n; i++) {
    const move = j < 0 ? 0 : scale * pnl[j * n + i]!
    const v = values[i]! + move
    if (v > 0) owned += v
    else owed -= v
    loss -= move
  }
  out.owned = owned
  out.owed = owed
  out.loss = loss
  return out
}

/** M_s, and whether it is on a gated branch (0 or E·Λ/Â) rather than R_s. */
function requirementOf(equity: number, charge: number, r: Region): { m: number; gated: boolean } {
  if (r.owed === 0) return { m: 0, gated: true }
  const net = r.owned - charge
  if (net > 0 && r.owed <= net && net < equity) return { m: (equity * r.owed) / net, gated: true }
  return { m: charge + r.loss, gated: false }
}

function sums(input: GateInput): { equity: number; charge: number } {
  let equity = 0
  let charge = 0
  for (let i = 0; i < input.values.length; i++) {
    equity += input.values[i]!
    charge += input.charges[i]!
  }
  return { equity, charge }
}

/**
 * Whether the ungated requirement stands: its binding scenario `binding` (−1 for the unmoved
 * point) is on the R branch, so M = max_s M_s = R there (M_s ≤ R_s ≤ R_binding for every s).
 * Then the ungated figures and contributions are the gated ones and nothing else is scanned.
 *
 * @example
 * if (!ungatedStands(input, scenarioIndex)) figures = liabilityGate(input)
 */
export function ungatedStands(input: GateInput, binding: number): boolean {
  const { equity, charge } = sums(input)
  return !requirementOf(equity, charge, regionOf(input, binding, { owned: 0, owed: 0, loss: 0 })).gated
}

/**
 * Applies the liability gate: scans the unmoved point and every scenario, takes the largest M_s,
 * and allocates it to positions (Euler).
 *
 * @example
 * const { requirement, contributions } = liabilityGate({ values, charges, count, pnl, scale: 0.8 })
 */
export function liabilityGate(input: GateInput): LiabilityGateReturnType {
  const n = input.values.length
  const { equity, charge } = sums(input)
  const region: Region = { owned: 0, owed: 0, loss: 0 }
  let best = Number.NEGATIVE_INFINITY
  let bestScenario = -1
  let bestGated = false
  const { ensure, upper } = input
  for (let j = -1; j < input.count; j++) {
    if (j >= 0 && upper !== undefined && upper(j) <= best) continue
    if (j >= 0) ensure?.(j)
    const { m, gated } = requirementOf(equity, charge, regionOf(input, j, region))
    if (m > best) {
      best = m
      bestScenario = j
      bestGated = gated
    }
  }
  const contributions = new Float64Array(n)
  const j = bestScenario
  if (best <= 0) return { requirement: 0, scenario: j, contributions }
  const { values, charges, scale, pnl } = input
  if (!bestGated) {
    for (let i = 0; i < n; i++) contributions[i] = charges[i]! - (j < 0 ? 0 : scale * pnl[j * n + i]!)
    return { requirement: best, scenario: j, contributions }
  }
  const { owned, owed } = regionOf(input, j, region)
  const net = owned - charge
  for (let i = 0; i < n; i++) {
    const v = values[i]! + (j < 0 ? 0 : scale * pnl[j * n + i]!)
    const ownedI = Math.max(v, 0) - charges[i]!
    const owedI = v < 0 ? -v : 0
    contributions[i] = best * (values[i]! / equity + owedI / owed - ownedI / net)
  }
  return { requirement: best, scenario: j, contributions }
}
