import type { FactorRiskParameters } from '@xmargin/core'
import { black76Price } from './black76.js'
import type { PreparedBook, PreparedPosition } from './book.js'
import type { WorstScenario } from './models/model.js'

/** The scenario design of one factor, flattened for the inner loop. */
export type ScenarioSet = {
  moves: Float64Array
  /** −1 down, 0 none, +1 up. */
  vols: Int8Array
  weights: Float64Array
  tail: Uint8Array
  /** Number of leading scenarios with vol unchanged (enough for a book without options). */
  linearCount: number
  /**
   * Scenarios grouped by spot move (options price one forward per group): group g holds
   * `groupMembers[groupStart[g] .. groupStart[g + 1])`.
   */
  groupStart: Int32Array
  groupMembers: Int32Array
}

const scenarioCache = new WeakMap<FactorRiskParameters, ScenarioSet>()

function groupByMove(moves: readonly number[]): { groupStart: Int32Array; groupMembers: Int32Array } {
  const distinct = [...new Set(moves)]
  const members = distinct.flatMap((move) => moves.flatMap((m, s) => (m === move ? [s] : [])))
  const start = [0]
  for (const move of distinct) start.push(start.at(-1)! + moves.filter((m) => m === move).length)
  return { groupStart: Int32Array.from(start), groupMembers: Int32Array.from(members) }
}

/**
 * Scenario grid of a factor: spot x ∈ {0, ±1/3, ±2/3, ±1}·scan, each with vol unchanged / up /
 * down, then the tails with vol up. The unchanged-vol points and the tails come first so that a
 * linear book only evaluates those (vol does not move a linear PnL).
 */
export function scenarioSet(factor: FactorRiskParameters): ScenarioSet {
  const cached = scenarioCache.get(factor)
  if (cached) return cached
  const fractions = [-1, -2 / 3, -1 / 3, 0, 1 / 3, 2 / 3, 1]
  const rows: { move: number; vol: number; weight: number; tail: number }[] = []
  for (const f of fractions) rows.push({ move: f * factor.scan, vol: 0, weight: 1, tail: 0 })
  for (const tail of factor.tails) rows.push({ move: tail.move, vol: 1, weight: tail.weight, tail: 1 })
  const linearCount = rows.length
  for (const vol of [1, -1])
    for (const f of fractions) rows.push({ move: f * factor.scan, vol, weight: 1, tail: 0 })
  const set: ScenarioSet = {
    moves: Float64Array.from(rows, (r) => r.move),
    vols: Int8Array.from(rows, (r) => r.vol),
    weights: Float64Array.from(rows, (r) => r.weight),
    tail: Uint8Array.from(rows, (r) => r.tail),
    linearCount,
    ...groupByMove(rows.map((r) => r.move)),
  }
  scenarioCache.set(factor, set)
  return set
}

/** PnL of one option position in a scenario (full revaluation with Black-76). */
export function optionScenarioPnl(
  p: PreparedPosition,
  factor: FactorRiskParameters,
  move: number,
  vol: number,
  rate: number,
): number {
  const o = p.option!
  const sigma =
    vol === 0
      ? o.sigma
      : vol > 0
        ? o.sigma * (1 + factor.volUp * o.m)
        : o.sigma * Math.max(0, 1 - factor.volDown * o.m)
  const forward = p.price * (1 + move) * Math.exp(rate * o.t)
  return p.quantity * black76Price(forward, o.strike, o.t, sigma, rate, o.call) - p.value
}

/** PnL of any position in a scenario of its factor. */
export function scenarioPnl(
  p: PreparedPosition,
  factor: FactorRiskParameters,
  move: number,
  vol: number,
  rate: number,
) {
  return p.option ? optionScenarioPnl(p, factor, move, vol, rate) : p.exposure * move
}

/** Result of {@link scenarioRisk}. */
export type ScenarioRiskResult = {
  /** K = sqrt(Σ L_f² + Σ_{f≠g} ρ_fg·S_f·S_g). */
  k: number
  /** K over liability-side positions only (health denominator). */
  kLiability: number
  worst: WorstScenario[]
  /** Euler allocation of K, aligned with `book.positions`; sums to K. */
  contributions: Float64Array
}

function correlate(book: PreparedBook, signed: Float64Array): { k: number; rs: Float64Array } {
  const n = signed.length
  const rs = new Float64Array(n)
  let quadratic = 0
  for (let f = 0; f < n; f++) {
    let row = 0
    const correlations = book.correlation[f]!
    for (let g = 0; g < n; g++) row += correlations[g]! * signed[g]!
    rs[f] = row
    quadratic += signed[f]! * row
  }
  return { k: Math.sqrt(Math.max(0, quadratic)), rs }
}

/**
 * Scenario charge of the `portfolio` model. For each factor f, shock only f over its scenario set,
 * revalue every position on f (positions of the same underlying net here, whatever their chain
 * and venue), take the worst weighted loss L_f and its sign S_f; aggregate across factors with
 * the correlation matrix into K; allocate K to positions by Euler (∂K/∂λ_i, exact for this
 * positively homogeneous charge, so the allocations sum to K).
 */
export function scenarioRisk(book: PreparedBook): ScenarioRiskResult {
  const nf = book.factors.length
  const positions = book.positions
  const rate = book.rate
  const exposure = new Float64Array(nf)
  const exposureLiability = new Float64Array(nf)
  const options: number[][] = book.factors.map(() => [])
  positions.forEach((p, i) => {
    if (p.option) options[p.factor]!.push(i)
    else {
      exposure[p.factor]! += p.exposure
      if (p.liability) exposureLiability[p.factor]! += p.exposure
    }
  })
  const signed = new Float64Array(nf)
  const signedLiability = new Float64Array(nf)
  const worstIndex = new Int32Array(nf)
  const worstPnl = new Float64Array(nf)
  for (let f = 0; f < nf; f++) {
    const factor = book.factorParameters[f]!
    const set = scenarioSet(factor)
    const optionIndices = options[f]!
    const count = optionIndices.length > 0 ? set.moves.length : set.linearCount
    let bestLoss = 0
    let bestIndex = 3 // the unchanged point
    let bestPnl = 0
    let bestLiability = 0
    let bestLiabilityIndex = 3
    for (let s = 0; s < count; s++) {
      const move = set.moves[s]!
      const vol = set.vols[s]!
      const weight = set.weights[s]!
      let optionPnl = 0
      for (const i of optionIndices) optionPnl += optionScenarioPnl(positions[i]!, factor, move, vol, rate)
      const pnl = exposure[f]! * move + optionPnl
      const loss = -weight * pnl
      if (loss > bestLoss) {
        bestLoss = loss
        bestIndex = s
        bestPnl = pnl
      }
      const lossLiability = -weight * (exposureLiability[f]! * move + optionPnl)
      if (lossLiability > bestLiability) {
        bestLiability = lossLiability
        bestLiabilityIndex = s
      }
    }
    const down = set.moves[bestIndex]! < 0
    signed[f] = down ? -bestLoss : bestLoss
    signedLiability[f] = set.moves[bestLiabilityIndex]! < 0 ? -bestLiability : bestLiability
    worstIndex[f] = bestIndex
    worstPnl[f] = bestPnl
  }
  const { k, rs } = correlate(book, signed)
  const kLiability = correlate(book, signedLiability).k

  const contributions = new Float64Array(positions.length)
  if (k > 0) {
    positions.forEach((p, i) => {
      const f = p.factor
      if (signed[f] === 0) return
      const factor = book.factorParameters[f]!
      const set = scenarioSet(factor)
      const s = worstIndex[f]!
      const pnl = scenarioPnl(p, factor, set.moves[s]!, set.vols[s]!, rate)
      const dSigned = Math.sign(signed[f]!) * -set.weights[s]! * pnl
      contributions[i] = (rs[f]! / k) * dSigned
    })
  }
  const worst: WorstScenario[] = book.factors.map((factor, f) => {
    const set = scenarioSet(book.factorParameters[f]!)
    const s = worstIndex[f]!
    const vol = set.vols[s]!
    return {
      factor,
      spotMove: set.moves[s]!,
      volMove: vol > 0 ? 'up' : vol < 0 ? 'down' : 'none',
      weight: set.weights[s]!,
      kind: set.tail[s] ? 'tail' : 'grid',
      pnl: worstPnl[f]!,
      loss: Math.abs(signed[f]!),
      signedLoss: signed[f]!,
    }
  })
  return { k, kLiability, worst, contributions }
}
