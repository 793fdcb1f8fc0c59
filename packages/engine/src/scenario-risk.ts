import type { FactorId, FactorRiskParameters } from '@xmargin/core'
import { black76Price } from './black76.js'
import type { PreparedBook, PreparedPosition } from './book.js'
import { type JointDesign, jointDesign, SCENARIO_KINDS } from './joint-scenarios.js'
import type { WorstScenario } from './models/model.js'
import { scenarioList, worstJointScenario } from './scenario-list.js'

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
  /** K = max(0, max over joint scenarios s of −w_s·PnL(s)). */
  k: number
  /** The binding scenario in the joint design, −1 when no scenario loses. */
  scenario: number
  worst: WorstScenario[]
  /** Euler allocation of K (−w·PnL_i in the binding scenario), aligned with `book.positions`; sums to K. */
  contributions: Float64Array
}

/**
 * A factor's entry when no scenario binds (no loss anywhere, or a book that owes nothing): no move,
 * no PnL, no loss.
 *
 * @example
 * noWorstScenario('ETH') // { factor: 'ETH', spotMove: 0, …, loss: 0 }
 */
export function noWorstScenario(factor: FactorId): WorstScenario {
  return { factor, spotMove: 0, volMove: 'none', weight: 1, kind: 'grid', pnl: 0, loss: 0, signedLoss: 0 }
}

/**
 * The per-factor view of a binding joint scenario: each book factor's move, PnL and share of the
 * loss in that one scenario (the unchanged point when no scenario loses).
 *
 * @example
 * const worst = worstScenariosOf(book, design, designOf, scenario, (f, point) => rows[f * stride + point]!)
 */
export function worstScenariosOf(
  book: PreparedBook,
  design: JointDesign,
  designOf: readonly number[],
  scenario: number,
  pnlAt: (f: number, point: number) => number,
): WorstScenario[] {
  const width = design.factors.length
  return book.factors.map((factor, f) => {
    if (scenario < 0) return noWorstScenario(factor)
    const d = designOf[f]!
    const point = design.points[scenario * width + d]!
    const set = design.sets[d]!
    const weight = design.weights[scenario]!
    const vol = set.vols[point]!
    const spotMove = set.moves[point]!
    const pnl = pnlAt(f, point)
    const loss = 0 - weight * pnl
    return {
      factor,
      spotMove,
      volMove: vol > 0 ? 'up' : vol < 0 ? 'down' : 'none',
      weight,
      kind: SCENARIO_KINDS[design.kinds[scenario]!]!,
      pnl,
      loss,
      signedLoss: spotMove < 0 ? -loss : loss,
    }
  })
}

/**
 * The design index of each factor of a book.
 *
 * @example
 * const designOf = designIndices(book, jointDesign(book.params))
 */
export function designIndices(book: PreparedBook, design: JointDesign): number[] {
  // Both lists are sorted in code-unit order (a prepared book's factors are): a forward scan from
  // the previous factor's index finds the next; a search from the start otherwise.
  const factors = design.factors
  const designOf: number[] = []
  let d = 0
  for (const factor of book.factors) {
    while (d < factors.length && factors[d] !== factor) d++
    if (d === factors.length) d = factors.indexOf(factor)
    if (d < 0) throw new Error(`factor ${factor} is not in the risk parameters`)
    designOf.push(d)
  }
  return designOf
}

/**
 * Scenario charge of the `portfolio` model (reference path). Revalue every position at each point
 * of its factor (positions of the same underlying net here, whatever their chain and venue), sum
 * the book's PnL in each joint scenario of {@link jointDesign} (all factors moving together), and
 * take the worst weighted loss K. K is a maximum of functions linear in the position sizes, so it
 * is convex and positively homogeneous: the Euler allocation (each position's weighted loss in the
 * binding scenario) sums to K and bounds what removing the position can save.
 */
export function scenarioRisk(book: PreparedBook): ScenarioRiskResult {
  const nf = book.factors.length
  const positions = book.positions
  const rate = book.rate
  const design = jointDesign(book.params)
  const designOf = designIndices(book, design)
  const stride = design.stride
  const exposure = new Float64Array(nf)
  const options: number[][] = book.factors.map(() => [])
  const present = new Uint8Array(nf)
  let withOptions = false
  positions.forEach((p, i) => {
    present[p.factor] = 1
    if (p.option) {
      options[p.factor]!.push(i)
      withOptions = true
    } else exposure[p.factor]! += p.exposure
  })
  const rows = new Float64Array(nf * stride)
  for (let f = 0; f < nf; f++) {
    if (!present[f]) continue
    const factor = book.factorParameters[f]!
    const set = design.sets[designOf[f]!]!
    const count = withOptions ? set.moves.length : set.linearPoints
    for (let point = 0; point < count; point++) {
      const move = set.moves[point]!
      let optionPnl = 0
      for (const i of options[f]!)
        optionPnl += optionScenarioPnl(positions[i]!, factor, move, set.vols[point]!, rate)
      rows[f * stride + point] = exposure[f]! * move + optionPnl
    }
  }
  // The scenarios that can bind for these factors (every scenario moving one, deduplicated).
  const all = scenarioList(design, designOf)
  const { loss: k, scenario } = worstJointScenario(all, present, 0, rows, 0, withOptions)

  const contributions = new Float64Array(positions.length)
  if (scenario >= 0) {
    const width = design.factors.length
    const weight = design.weights[scenario]!
    positions.forEach((p, i) => {
      const set = design.sets[designOf[p.factor]!]!
      const point = design.points[scenario * width + designOf[p.factor]!]!
      const factor = book.factorParameters[p.factor]!
      contributions[i] = 0 - weight * scenarioPnl(p, factor, set.moves[point]!, set.vols[point]!, rate)
    })
  }
  const worst = worstScenariosOf(book, design, designOf, scenario, (f, point) => rows[f * stride + point]!)
  return { k, scenario, worst, contributions }
}
