import type { JointDesign } from './joint-scenarios.js'

/**
 * The scenarios to scan for a book on some of the design's factors: every scenario moving at least
 * one of them, each distinct (weight, points on those factors) once, in design order (the
 * vol-free ones first: `linearCount` of them). Scenarios left out lose exactly what a kept one
 * loses, or nothing, so the worst loss and the first scenario reaching it are unchanged.
 *
 * Laid out for the scans, per listed scenario j and book factor f (`width` = the book's factor
 * count): its weight, the index of f's point in a factor-row array (`f·stride + point`) and f's
 * spot move, so that a scan reads one table instead of the design's points through `designOf`.
 */
export type ScenarioList = {
  /** Design index of each listed scenario. */
  scenarios: Int32Array
  linearCount: number
  /** Book factors per listed scenario (the tables' row length), and the design's row stride. */
  width: number
  stride: number
  /** `weights[j]`: the weight of listed scenario j. */
  weights: Float64Array
  /** `offsets[j·width + f]`: `f·stride + point` of book factor f in listed scenario j. */
  offsets: Int32Array
  /** `moves[j·width + f]`: the spot move of book factor f in listed scenario j. */
  moves: Float64Array
  /** {@link scenarioColumn}s, made on first use. */
  columns: (ScenarioColumn | undefined)[]
}

/**
 * One book factor's view of a {@link ScenarioList}: the listed scenarios that move it (its point is
 * not the unchanged point 0), with that point, and those that leave it at point 0; each in list
 * order, so the vol-free ones (j < `linearCount`) come first.
 */
export type ScenarioColumn = {
  /** List indices j of the scenarios that move the factor, and its point in each. */
  moving: Int32Array
  points: Int32Array
  /** How many of `moving` are vol-free scenarios. */
  movingLinear: number
  /** List indices of the scenarios that leave the factor unchanged. */
  still: Int32Array
  stillLinear: number
}

/** The lists of one design, in a tree keyed by the design indices of a book's factors in order. */
type ListNode = { list: ScenarioList | undefined; next: (ListNode | undefined)[] }

const listCache = new WeakMap<JointDesign, ListNode>()

function buildList(design: JointDesign, designOf: readonly number[]): ScenarioList {
  const width = design.factors.length
  const nf = designOf.length
  const seen = new Set<string>()
  const scenarios: number[] = []
  let linearCount = 0
  for (let s = 0; s < design.count; s++) {
    const points = designOf.map((d) => design.points[s * width + d]!)
    if (points.every((point) => point === 0)) continue
    const signature = `${design.weights[s]}|${points.join(',')}`
    if (seen.has(signature)) continue
    seen.add(signature)
    scenarios.push(s)
    if (s < design.linearCount) linearCount++
  }
  const weights = new Float64Array(scenarios.length)
  const offsets = new Int32Array(scenarios.length * nf)
  const moves = new Float64Array(scenarios.length * nf)
  scenarios.forEach((s, j) => {
    weights[j] = design.weights[s]!
    designOf.forEach((d, f) => {
      const point = design.points[s * width + d]!
      offsets[j * nf + f] = f * design.stride + point
      moves[j * nf + f] = design.sets[d]!.moves[point]!
    })
  })
  return {
    scenarios: Int32Array.from(scenarios),
    linearCount,
    width: nf,
    stride: design.stride,
    weights,
    offsets,
    moves,
    columns: [],
  }
}

/**
 * Book factor f's {@link ScenarioColumn} of a list (memoised on the list).
 *
 * @example
 * const { moving, points, still } = scenarioColumn(kernel.list, 0)
 */
export function scenarioColumn(list: ScenarioList, f: number): ScenarioColumn {
  let column = list.columns[f]
  if (!column) {
    const moving: number[] = []
    const points: number[] = []
    const still: number[] = []
    let movingLinear = 0
    let stillLinear = 0
    for (let j = 0; j < list.scenarios.length; j++) {
      const point = list.offsets[j * list.width + f]! - f * list.stride
      if (point === 0) {
        still.push(j)
        if (j < list.linearCount) stillLinear++
      } else {
        moving.push(j)
        points.push(point)
        if (j < list.linearCount) movingLinear++
      }
    }
    column = {
      moving: Int32Array.from(moving),
      points: Int32Array.from(points),
      movingLinear,
      still: Int32Array.from(still),
      stillLinear,
    }
    list.columns[f] = column
  }
  return column
}

/**
 * The {@link ScenarioList} of a book whose factors have design indices `designOf` (memoised per
 * design and factor set, looked up without building a key).
 *
 * @example
 * const { scenarios, linearCount } = scenarioList(design, [1, 2])
 */
export function scenarioList(design: JointDesign, designOf: readonly number[]): ScenarioList {
  let node = rootOf(design)
  for (let f = 0; f < designOf.length; f++) node = childOf(node, designOf[f]!)
  node.list ??= buildList(design, designOf)
  return node.list
}

/**
 * The {@link ScenarioList} of the factors of a book that have members (`present[presentOffset + f]`)
 * — a bucket's own factors — without building their `designOf`. Its worst loss equals the book
 * list's for the same members: a scenario it leaves out moves none of their factors (it loses 0).
 *
 * @example
 * const list = presentScenarioList(kernel.design, kernel.designOf, present, b * kernel.nf)
 */
export function presentScenarioList(
  design: JointDesign,
  designOf: readonly number[],
  present: Uint8Array,
  presentOffset: number,
): ScenarioList {
  let node = rootOf(design)
  for (let f = 0; f < designOf.length; f++) if (present[presentOffset + f]) node = childOf(node, designOf[f]!)
  node.list ??= buildList(
    design,
    designOf.filter((_, f) => present[presentOffset + f]),
  )
  return node.list
}

function rootOf(design: JointDesign): ListNode {
  let root = listCache.get(design)
  if (!root) {
    root = { list: undefined, next: [] }
    listCache.set(design, root)
  }
  return root
}

function childOf(node: ListNode, d: number): ListNode {
  let child = node.next[d]
  if (!child) {
    child = { list: undefined, next: [] }
    node.next[d] = child
  }
  return child
}

/** Return type of {@link worstJointScenario}. */
export type WorstJointScenarioReturnType = { loss: number; scenario: number }

/**
 * The worst weighted loss of a book over the scenarios of `list`: scenario s loses
 * −w_s·Σ_f rows[rowsOffset + f·stride + point(s, f)] over the book's factors (rows of factors
 * without members are skipped through `present`). Scans the list's first `linearCount` scenarios
 * only when the book has no options. `scenario` (an index in the design) is −1 when no scenario
 * loses (the charge is 0). Every caller sums in this order.
 *
 * @example
 * const { loss, scenario } = worstJointScenario(list, present, 0, rows, 0, false)
 */
export function worstJointScenario(
  list: ScenarioList,
  present: Uint8Array,
  presentOffset: number,
  rows: Float64Array,
  rowsOffset: number,
  withOptions: boolean,
): WorstJointScenarioReturnType {
  const { weights, offsets, width } = list
  const count = withOptions ? list.scenarios.length : list.linearCount
  let best = 0
  let worst = -1
  for (let j = 0; j < count; j++) {
    const at = j * width
    let pnl = 0
    for (let f = 0; f < width; f++) {
      if (!present[presentOffset + f]) continue
      pnl += rows[rowsOffset + offsets[at + f]!]!
    }
    const loss = -weights[j]! * pnl
    if (loss > best) {
      best = loss
      worst = j
    }
  }
  return { loss: best, scenario: worst < 0 ? -1 : list.scenarios[worst]! }
}

/**
 * {@link worstJointScenario} of a book without options, from its dollar exposure per factor
 * (`exposure[exposureOffset + f]`, 0 for a factor without members) instead of factor rows:
 * scenario s loses −w_s·Σ_f exposure_f·move(s, f). Bit-identical to the row scan over rows
 * `exposure_f·move + 0`: a factor without members adds ±0, which leaves a sum unchanged.
 *
 * @example
 * const { loss, scenario } = worstLinearScenario(list, exposure, 0)
 */
export function worstLinearScenario(
  list: ScenarioList,
  exposure: Float64Array,
  exposureOffset: number,
): WorstJointScenarioReturnType {
  const { weights, moves, width } = list
  const count = list.linearCount
  let best = 0
  let worst = -1
  for (let j = 0; j < count; j++) {
    const at = j * width
    let pnl = 0
    for (let f = 0; f < width; f++) pnl += exposure[exposureOffset + f]! * moves[at + f]!
    const loss = -weights[j]! * pnl
    if (loss > best) {
      best = loss
      worst = j
    }
  }
  return { loss: best, scenario: worst < 0 ? -1 : list.scenarios[worst]! }
}
