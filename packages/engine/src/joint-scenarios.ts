import { buildCorrelationMatrix, type FactorId, type RiskParameters } from '@xmargin/core'
import { symmetricEigen } from './math/symmetric-eigen.js'

/**
 * The points at which one factor's positions are revalued: every (spot move, vol level) that any
 * joint scenario gives this factor, the unchanged point (0, vol unchanged) first. Options price one
 * forward per distinct move: group g holds `groupMembers[groupStart[g] .. groupStart[g + 1])`.
 */
export type ScenarioSet = {
  /** Points that the vol-free scenarios use come first: a book without options needs only these. */
  linearPoints: number
  moves: Float64Array
  /** −1 down, 0 none, +1 up. */
  vols: Int8Array
  groupStart: Int32Array
  groupMembers: Int32Array
}

/** What kind of scenario: one factor on its grid, one factor's tail, a correlated co-move, a crash. */
export const SCENARIO_KINDS = ['grid', 'tail', 'joint', 'crash'] as const
export type ScenarioKind = (typeof SCENARIO_KINDS)[number]

/**
 * The scenario design of a set of risk parameters: every factor of the parameters moves in every
 * scenario (most by 0), so a book's loss in a scenario is the sum of its factors' PnL at the
 * points the scenario gives them. A factor's worst move is only ever combined with the other
 * factors' moves of the same scenario. Flattened for the inner loops.
 */
export type JointDesign = {
  /** All factors of the parameters, sorted (a book's factors are a subset). */
  factors: readonly FactorId[]
  /** Per factor (same order): its revaluation points. */
  sets: readonly ScenarioSet[]
  /** Most points of any factor: the row stride of per-factor PnL rows. */
  stride: number
  /** Number of scenarios; the first `linearCount` are those a book without options needs. */
  count: number
  linearCount: number
  /** Per scenario: its weight (1, < 1 on tails) and kind (index in SCENARIO_KINDS). */
  weights: Float64Array
  kinds: Uint8Array
  /** `points[s·factors.length + d]`: the point of factor d in scenario s. */
  points: Int32Array
}

/** One scenario: each factor's spot move and vol level, its weight and kind. */
type Draft = { moves: number[]; vols: number[]; weight: number; kind: number }

const GRID = [-1, -2 / 3, -1 / 3, 1 / 3, 2 / 3, 1]
const KIND = { grid: 0, tail: 1, joint: 2, crash: 3 } as const

function groupByMove(moves: readonly number[]): { groupStart: Int32Array; groupMembers: Int32Array } {
  const distinct = [...new Set(moves)]
  const members = distinct.flatMap((move) => moves.flatMap((m, s) => (m === move ? [s] : [])))
  const start = [0]
  for (const move of distinct) start.push(start.at(-1)! + moves.filter((m) => m === move).length)
  return { groupStart: Int32Array.from(start), groupMembers: Int32Array.from(members) }
}

/**
 * The scenarios, vol-free ones (and tails and crashes, which carry their own vol) first:
 * 1. each factor alone on its grid x ∈ {±1/3, ±2/3, ±1}·scan (a stable factor: downward only);
 * 2. each factor's tails, vol up, weighted;
 * 3. co-moves along each principal direction of the correlation matrix, both signs, each factor
 *    moved by √λ·v_f·scan_f (the factor's share of a one-scan move of that component: √λ·|v_f| ≤ 1;
 *    a stable factor never moves up);
 * 4. stressed correlation (all → 1): every crypto factor −scan with vol up (crash), the same with
 *    every stable factor −scan (a depeg in the crash: wrong-way risk), every crypto factor +scan
 *    with vol up (squeeze);
 * then, for option books only, the grid (that factor's vol) and the co-moves (every factor's vol)
 * again with vol up and with vol down, and each factor's vol alone up / down.
 */
function draftScenarios(
  params: RiskParameters,
  factors: readonly FactorId[],
): { drafts: Draft[]; linearCount: number } {
  const nf = factors.length
  const parameters = factors.map((f) => params.factors[f]!)
  const stable = parameters.map((p) => p.stable === true)
  const all = (value: number) => new Array<number>(nf).fill(value)
  const one = (d: number, value: number) => {
    const values = all(0)
    values[d] = value
    return values
  }
  // A single-factor scenario moves that factor's spot and vol only; a joint one moves every
  // factor's vol the same way (vols co-move in a market-wide shock).
  const single = (d: number, move: number, vol: number, weight: number, kind: number): Draft => ({
    moves: one(d, move),
    vols: one(d, vol),
    weight,
    kind,
  })
  const joint = (moves: number[], vol: number, kind: number): Draft => ({
    moves,
    vols: all(vol),
    weight: 1,
    kind,
  })
  const linear: Draft[] = []
  const withVol: Draft[] = []
  parameters.forEach((p, d) => {
    for (const x of GRID) {
      if (stable[d] && x > 0) continue
      linear.push(single(d, x * p.scan, 0, 1, KIND.grid))
      for (const vol of [1, -1]) withVol.push(single(d, x * p.scan, vol, 1, KIND.grid))
    }
    for (const vol of [1, -1]) withVol.push(single(d, 0, vol, 1, KIND.grid))
    for (const tail of p.tails) {
      if (stable[d] && tail.move > 0) continue
      linear.push(single(d, tail.move, 1, tail.weight, KIND.tail))
    }
  })
  const correlation = buildCorrelationMatrix({ factors, correlations: params.correlations })
  const { values, vectors } = symmetricEigen(correlation)
  values.forEach((lambda, k) => {
    // A direction along one factor alone repeats that factor's grid: only co-moves are new.
    const spread = vectors[k]!.filter((v) => Math.abs(v) > 1e-9).length
    if (!(lambda > 1e-9) || spread < 2) return
    for (const sign of [-1, 1]) {
      const moves = parameters.map((p, d) => {
        const move = sign * Math.sqrt(lambda) * vectors[k]![d]! * p.scan
        return stable[d] && move > 0 ? 0 : move
      })
      linear.push(joint(moves, 0, KIND.joint))
      for (const vol of [1, -1]) withVol.push(joint(moves, vol, KIND.joint))
    }
  })
  if (stable.some((s) => !s)) {
    const crash = parameters.map((p, d) => (stable[d] ? 0 : -p.scan))
    linear.push(joint(crash, 1, KIND.crash))
    if (stable.some((s) => s))
      linear.push(
        joint(
          parameters.map((p) => -p.scan),
          1,
          KIND.crash,
        ),
      )
    linear.push(
      joint(
        parameters.map((p, d) => (stable[d] ? 0 : p.scan)),
        1,
        KIND.crash,
      ),
    )
  }
  return { drafts: [...linear, ...withVol], linearCount: linear.length }
}

function buildDesign(params: RiskParameters): JointDesign {
  const factors = Object.keys(params.factors).sort()
  const nf = factors.length
  const { drafts, linearCount } = draftScenarios(params, factors)
  // Points per factor, deduplicated by (move, vol); the unchanged point first.
  const keys = factors.map(() => new Map<string, number>([['0:0', 0]]))
  const pointMoves = factors.map(() => [0])
  const pointVols = factors.map(() => [0])
  const points = new Int32Array(drafts.length * nf)
  const linearPoints = factors.map(() => 1)
  drafts.forEach((draft, s) => {
    if (s === linearCount) for (let d = 0; d < nf; d++) linearPoints[d] = pointMoves[d]!.length
    for (let d = 0; d < nf; d++) {
      const move = draft.moves[d]! === 0 ? 0 : draft.moves[d]!
      const vol = draft.vols[d]!
      const key = `${move}:${vol}`
      let point = keys[d]!.get(key)
      if (point === undefined) {
        point = pointMoves[d]!.length
        keys[d]!.set(key, point)
        pointMoves[d]!.push(move)
        pointVols[d]!.push(vol)
      }
      points[s * nf + d] = point
    }
  })
  if (linearCount === drafts.length) for (let d = 0; d < nf; d++) linearPoints[d] = pointMoves[d]!.length
  const sets = factors.map((_, d) => ({
    linearPoints: linearPoints[d]!,
    moves: Float64Array.from(pointMoves[d]!),
    vols: Int8Array.from(pointVols[d]!),
    ...groupByMove(pointMoves[d]!),
  }))
  return {
    factors,
    sets,
    stride: Math.max(...sets.map((set) => set.moves.length)),
    count: drafts.length,
    linearCount,
    weights: Float64Array.from(drafts, (d) => d.weight),
    kinds: Uint8Array.from(drafts, (d) => d.kind),
    points,
  }
}

const designCache = new WeakMap<RiskParameters, JointDesign>()

/**
 * The joint scenario design of a set of risk parameters (memoised per parameters object). It
 * depends on the parameters only, never on the book: adding a position on a new factor changes no
 * other factor's scenarios, which keeps the scenario charge a convex function of the positions.
 *
 * @example
 * const design = jointDesign(defaultRiskParameters)
 * design.factors // ['ARB', 'BTC', 'ETH', 'USD']
 */
export function jointDesign(params: RiskParameters): JointDesign {
  let design = designCache.get(params)
  if (!design) {
    design = buildDesign(params)
    designCache.set(params, design)
  }
  return design
}
