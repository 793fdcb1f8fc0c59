import type { PreparedBook } from '../book.js'
import { holdsLiability, isLiability } from '../liabilities.js'
import { evaluateBuckets } from '../portfolio-buckets.js'
import { createPortfolioKernel, KIND_OPTION, type PortfolioKernel } from '../portfolio-kernel.js'
import {
  evaluatePortfolio,
  type PortfolioScratch,
  type PortfolioTotals,
  portfolioScratch,
} from '../portfolio-margin.js'
import { portfolioSurplus, type UnmovedBook, unmovedBook } from '../portfolio-surplus.js'
import { worstScenariosOf } from '../scenario-risk.js'
import { liabilityFreeEvaluator } from './liability-free-evaluator.js'
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
  return {
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
    // A bucket that owes nothing requires no margin (issue 19).
    if (!holdsLiability(this.#kernel.book.positions, members))
      return { initialMargin: 0, maintenanceMargin: 0 }
    const totals = evaluatePortfolio(this.#kernel, this.#kernel.base, members, this.#scratch)
    return {
      initialMargin: totals.haircutIm + totals.k + totals.contingencyIm,
      maintenanceMargin:
        totals.haircutMm + totals.k * this.#kernel.book.params.maintenanceRiskScale + totals.contingencyMm,
    }
  }

  partitionMargins(
    bucketOf: readonly number[],
    count: number,
    initialMargin: number[],
    maintenanceMargin: number[],
  ): void {
    // A bucket that owes nothing requires no margin (issue 19): one pass marks the buckets that owe,
    // and only those are margined (the others get 0 without a scenario scan).
    const owes = new Uint8Array(count)
    const positions = this.#kernel.book.positions
    for (let i = 0; i < bucketOf.length; i++) if (isLiability(positions[i]!.position)) owes[bucketOf[i]!] = 1
    evaluateBuckets(this.#kernel, this.#kernel.base, bucketOf, count, initialMargin, maintenanceMargin, owes)
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
 * moved factor) without rebuilding the book. A book that holds no liability (no debt, perp or
 * written option) requires no margin ({@link liabilityFreeEvaluator}: IM = MM = 0, nothing laid
 * out), and likewise any bucket of a book that holds none; a book or bucket with a liability is
 * margined in full (issue 19's structural rule, checked in one pass before the model).
 *
 * @example
 * const evaluator = portfolioEvaluator(book)
 * evaluator.bucketMargins([0, 2]).initialMargin
 */
export function portfolioEvaluator(book: PreparedBook): BookEvaluator {
  if (!holdsLiability(book.positions)) return liabilityFreeEvaluator(book)
  const kernel = createPortfolioKernel(book)
  return new PortfolioEvaluator(kernel, portfolioScratch(kernel))
}

/**
 * The `portfolio` model (CME SPAN / Derive PMRM style full revaluation, joint scenarios):
 * IM = H_im + K + C_im, MM = H_mm + k_mm·K + C_mm, with H the tiered liquidation-cost haircuts,
 * K the book's worst weighted loss over the joint scenarios and C the contingencies; IM = MM = 0
 * for a book that holds no liability.
 *
 * @example
 * const figures = portfolioModel(prepareInputs({ positions, prices, params, now }).book)
 */
export function portfolioModel(book: PreparedBook): ModelFigures {
  return portfolioEvaluator(book).figures
}
