import type { PreparedBook } from '../book.js'
import { type GateFiguresInput, gateFigures } from '../gate-figures.js'
import {
  createPortfolioKernel,
  KIND_DEBT,
  KIND_OPTION,
  KIND_PERP,
  type PortfolioKernel,
} from '../portfolio-kernel.js'
import {
  evaluatePortfolio,
  type PortfolioScratch,
  type PortfolioTotals,
  portfolioScratch,
} from '../portfolio-margin.js'
import { portfolioSurplus, type UnmovedBook, unmovedBook } from '../portfolio-surplus.js'
import { worstScenariosOf } from '../scenario-risk.js'
import type { BookEvaluator, BucketMargins, ModelFigures, WorstScenario } from './model.js'

function figuresOf(
  kernel: PortfolioKernel,
  scratch: PortfolioScratch,
  totals: PortfolioTotals,
): ModelFigures {
  const { book, n, kind, factor, optionRow, stride, sets, base, design, designOf } = kernel
  const scale = book.params.maintenanceRiskScale
  const { k, scenario } = totals
  const width = design.factors.length
  const weight = scenario >= 0 ? design.weights[scenario]! : 0
  const charges = new Array(n)
  for (let i = 0; i < n; i++) {
    // Euler allocation of K: the position's weighted loss −w·PnL_i(s*) in the binding scenario s*.
    let contribution = 0
    if (scenario >= 0) {
      const f = factor[i]!
      const point = design.points[scenario * width + designOf[f]!]!
      const pnl =
        kind[i] === KIND_OPTION
          ? base.optionPnl[optionRow[i]! * stride + point]!
          : base.exposure[i]! * sets[f]!.moves[point]!
      contribution = 0 - weight * pnl
    }
    charges[i] = {
      haircutIm: scratch.haircutIm[i]!,
      haircutMm: scratch.haircutMm[i]!,
      riskIm: contribution,
      riskMm: contribution * scale,
      contingencyIm: scratch.contingencyIm[i]!,
      contingencyMm: scratch.contingencyMm[i]!,
    }
  }
  const rows = scratch.rows
  const worstScenarios: WorstScenario[] = worstScenariosOf(
    book,
    design,
    designOf,
    scenario,
    (f, point) => rows[f * stride + point]!,
  )
  const riskMm = k * scale
  const ungated: ModelFigures = {
    haircutIm: totals.haircutIm,
    haircutMm: totals.haircutMm,
    riskIm: k,
    riskMm,
    contingencyIm: totals.contingencyIm,
    contingencyMm: totals.contingencyMm,
    initialMargin: totals.haircutIm + k + totals.contingencyIm,
    maintenanceMargin: totals.haircutMm + riskMm + totals.contingencyMm,
    charges,
    worstScenarios,
  }
  return gateFigures(ungated, new KernelGateInput(kernel, scratch, kernel.all, scenario))
}

function withOptions(kernel: PortfolioKernel, members: readonly number[]): boolean {
  for (let j = 0; j < members.length; j++) if (kernel.kind[members[j]!] === KIND_OPTION) return true
  return false
}

/** Whether any of `members` can be owed: a debt, a perp, a written option. */
function hasLiability(kernel: PortfolioKernel, members: readonly number[]): boolean {
  for (let j = 0; j < members.length; j++) {
    const i = members[j]!
    const kind = kernel.kind[i]
    if (kind === KIND_DEBT || kind === KIND_PERP) return true
    if (kind === KIND_OPTION && kernel.book.positions[i]!.quantity < 0) return true
  }
  return false
}

/**
 * The liability gate's view of `members` (whole book or a bucket) in the kernel's unmoved state:
 * values, and each member's weighted PnL per scenario from the same rows the scan used. A class:
 * its methods live on the prototype, so a report allocates no closures for them.
 */
class KernelGateInput implements GateFiguresInput {
  readonly values: Float64Array
  readonly liabilities: boolean
  readonly count: number
  readonly binding: number
  readonly maintenanceScale: number
  readonly #kernel: PortfolioKernel
  readonly #members: readonly number[]
  /** The scratch's factor rows and presence are those of `members` (the evaluation just made). */
  readonly #rows: Float64Array
  readonly #present: Uint8Array

  constructor(
    kernel: PortfolioKernel,
    scratch: PortfolioScratch,
    members: readonly number[],
    scenario: number,
  ) {
    this.#kernel = kernel
    this.#members = members
    this.#rows = scratch.rows
    this.#present = scratch.present
    const values = new Float64Array(members.length)
    for (let m = 0; m < members.length; m++) values[m] = kernel.base.value[members[m]!]!
    this.values = values
    const scenarios = kernel.list.scenarios
    let binding = -1
    if (scenario >= 0)
      for (let j = 0; j < scenarios.length && binding < 0; j++) if (scenarios[j] === scenario) binding = j
    this.binding = binding
    this.liabilities = hasLiability(kernel, members)
    this.count = withOptions(kernel, members) ? scenarios.length : kernel.list.linearCount
    this.maintenanceScale = kernel.book.params.maintenanceRiskScale
  }

  row(j: number, out: Float64Array, offset: number): void {
    const { base, kind, factor, optionRow, stride, sets, design, designOf, list } = this.#kernel
    const members = this.#members
    const s = list.scenarios[j]!
    const weight = design.weights[s]!
    const at = s * design.factors.length
    for (let m = 0; m < members.length; m++) {
      const i = members[m]!
      const f = factor[i]!
      const point = design.points[at + designOf[f]!]!
      const pnl =
        kind[i] === KIND_OPTION
          ? base.optionPnl[optionRow[i]! * stride + point]!
          : base.exposure[i]! * sets[f]!.moves[point]!
      out[offset + m] = weight * pnl
    }
  }

  loss(j: number): number {
    const { stride, design, designOf, list, nf } = this.#kernel
    const rows = this.#rows
    const present = this.#present
    const s = list.scenarios[j]!
    const at = s * design.factors.length
    let pnl = 0
    for (let f = 0; f < nf; f++) {
      if (!present[f]) continue
      pnl += rows[f * stride + design.points[at + designOf[f]!]!]!
    }
    return -design.weights[s]! * pnl
  }
}

/**
 * The `portfolio` model bound to one book's kernel. A class, so that binding a book allocates no
 * closures (methods live on the prototype).
 */
class PortfolioEvaluator implements BookEvaluator {
  readonly figures: ModelFigures
  readonly #kernel: PortfolioKernel
  readonly #scratch: PortfolioScratch
  /** The unmoved book's rows and charges, taken once for all factors' surplus functions. */
  #unmoved: UnmovedBook | undefined

  constructor(kernel: PortfolioKernel, scratch: PortfolioScratch) {
    this.#kernel = kernel
    this.#scratch = scratch
    this.figures = figuresOf(kernel, scratch, evaluatePortfolio(kernel, kernel.base, kernel.all, scratch))
  }

  bucketMargins(members: readonly number[]): BucketMargins {
    const kernel = this.#kernel
    const scratch = this.#scratch
    const totals = evaluatePortfolio(kernel, kernel.base, members, scratch)
    const scale = kernel.book.params.maintenanceRiskScale
    const input = new KernelGateInput(kernel, scratch, members, totals.scenario)
    if (!input.liabilities) return { initialMargin: 0, maintenanceMargin: 0 }
    const charges = members.map((i) => ({
      haircutIm: scratch.haircutIm[i]!,
      haircutMm: scratch.haircutMm[i]!,
      riskIm: 0,
      riskMm: 0,
      contingencyIm: scratch.contingencyIm[i]!,
      contingencyMm: scratch.contingencyMm[i]!,
    }))
    const ungated: ModelFigures = {
      haircutIm: totals.haircutIm,
      haircutMm: totals.haircutMm,
      riskIm: totals.k,
      riskMm: totals.k * scale,
      contingencyIm: totals.contingencyIm,
      contingencyMm: totals.contingencyMm,
      initialMargin: totals.haircutIm + totals.k + totals.contingencyIm,
      maintenanceMargin: totals.haircutMm + totals.k * scale + totals.contingencyMm,
      charges,
      worstScenarios: [],
    }
    const gated = gateFigures(ungated, input)
    return { initialMargin: gated.initialMargin, maintenanceMargin: gated.maintenanceMargin }
  }

  partitionMargins(
    bucketOf: readonly number[],
    count: number,
    initialMargin: number[],
    maintenanceMargin: number[],
  ): void {
    const kernel = this.#kernel
    // The liability gate per bucket: nothing for a bucket that owes nothing (not evaluated at
    // all); a bucket with liabilities margined on its own, then gated.
    const members: number[][] = Array.from({ length: count }, () => [])
    for (let i = 0; i < bucketOf.length; i++) members[bucketOf[i]!]!.push(i)
    for (let b = 0; b < count; b++) {
      if (!hasLiability(kernel, members[b]!)) {
        initialMargin[b] = 0
        maintenanceMargin[b] = 0
        continue
      }
      const gated = this.bucketMargins(members[b]!)
      initialMargin[b] = gated.initialMargin
      maintenanceMargin[b] = gated.maintenanceMargin
    }
  }

  surplus(factor: number): (ratio: number) => number {
    this.#unmoved ??= unmovedBook(this.#kernel, this.#scratch)
    return portfolioSurplus(this.#kernel, this.#scratch, factor, this.#unmoved)
  }

  assetSurplus(factor: number, asset: string): (ratio: number) => number {
    this.#unmoved ??= unmovedBook(this.#kernel, this.#scratch)
    return portfolioSurplus(this.#kernel, this.#scratch, factor, this.#unmoved, asset)
  }
}

/**
 * The `portfolio` model bound to a book: lays the book out once ({@link createPortfolioKernel},
 * options priced over their scenario grid once), then margins the whole book, any (chain, venue)
 * bucket (re-aggregating the same per-position scenario rows) and factor moves (repricing only the
 * moved factor) without rebuilding the book.
 *
 * @example
 * const evaluator = portfolioEvaluator(book)
 * evaluator.bucketMargins([0, 2]).initialMargin
 */
export function portfolioEvaluator(book: PreparedBook): BookEvaluator {
  const kernel = createPortfolioKernel(book)
  return new PortfolioEvaluator(kernel, portfolioScratch(kernel))
}

/**
 * The `portfolio` model (CME SPAN / Derive PMRM style full revaluation, joint scenarios):
 * IM = H_im + K + C_im, MM = H_mm + k_mm·K + C_mm, with H the tiered liquidation-cost haircuts,
 * K the book's worst weighted loss over the joint scenarios and C the contingencies.
 *
 * @example
 * const figures = portfolioModel(prepareInputs({ positions, prices, params, now }).book)
 */
export function portfolioModel(book: PreparedBook): ModelFigures {
  return portfolioEvaluator(book).figures
}
