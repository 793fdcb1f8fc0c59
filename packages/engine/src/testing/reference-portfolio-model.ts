/**
 * The `portfolio` model as first written (object per charge, Maps, full revaluation per run),
 * kept as the test oracle of the kernel-based model: the kernel must give bit-identical figures.
 */
import type { PreparedBook } from '../book.js'
import { applyContingencies } from '../contingencies.js'
import { gateFigures } from '../gate-figures.js'
import { applyHaircuts } from '../haircuts.js'
import { jointDesign, scenarioList } from '../joint-scenarios.js'
import { emptyCharges, type ModelFigures, sumCharges } from '../models/model.js'
import { designIndices, scenarioPnl, scenarioRisk } from '../scenario-risk.js'

/**
 * Reference `portfolio` model (CME SPAN / Derive PMRM / ISDA SIMM aggregation):
 * IM = H_im + K + C_im, MM = H_mm + k_mm·K + C_mm, with H the tiered haircuts, K the worst
 * weighted loss over the joint scenarios and C the contingencies.
 *
 * @example
 * const figures = referencePortfolioModel(prepareInputs({ positions, prices, params, now }).book)
 */
export function referencePortfolioModel(book: PreparedBook): ModelFigures {
  const { figures, scenario } = referenceUngated(book)
  return gateFigures(figures, referenceGateInput(book, scenario))
}

/**
 * The reference `portfolio` model without the liability gate: IM = H_im + K + C_im and
 * MM = H_mm + k_mm·K + C_mm as such (the liquidation solver's surplus, whose zero set is the
 * gated model's).
 *
 * @example
 * const ungated = referenceUngatedPortfolioModel(book).maintenanceMargin
 */
export function referenceUngatedPortfolioModel(book: PreparedBook): ModelFigures {
  return referenceUngated(book).figures
}

/** The gate's view of a reference book: every position's weighted PnL by full revaluation. */
function referenceGateInput(book: PreparedBook, scenario: number) {
  const design = jointDesign(book.params)
  const designOf = designIndices(book, design)
  const { scenarios, linearCount } = scenarioList(design, designOf)
  const width = design.factors.length
  const positions = book.positions
  return {
    values: positions.map((p) => p.value),
    liabilities: positions.some(
      (p) =>
        p.position.kind === 'debt' ||
        p.position.kind === 'perp' ||
        (p.option !== undefined && p.quantity < 0),
    ),
    count: positions.some((p) => p.option) ? scenarios.length : linearCount,
    binding: scenario < 0 ? -1 : scenarios.indexOf(scenario),
    row: (j: number, out: Float64Array, offset: number) => {
      const s = scenarios[j]!
      positions.forEach((p, i) => {
        const set = design.sets[designOf[p.factor]!]!
        const point = design.points[s * width + designOf[p.factor]!]!
        const factor = book.factorParameters[p.factor]!
        out[offset + i] =
          design.weights[s]! * scenarioPnl(p, factor, set.moves[point]!, set.vols[point]!, book.rate)
      })
    },
    maintenanceScale: book.params.maintenanceRiskScale,
  }
}

function referenceUngated(book: PreparedBook): { figures: ModelFigures; scenario: number } {
  const charges = emptyCharges(book.positions.length)
  applyHaircuts(book, charges)
  const risk = scenarioRisk(book)
  const k = book.params.maintenanceRiskScale
  risk.contributions.forEach((contribution, i) => {
    charges[i]!.riskIm = contribution
    charges[i]!.riskMm = contribution * k
  })
  applyContingencies(book, charges)
  const haircutIm = sumCharges(charges, 'haircutIm')
  const haircutMm = sumCharges(charges, 'haircutMm')
  const contingencyIm = sumCharges(charges, 'contingencyIm')
  const contingencyMm = sumCharges(charges, 'contingencyMm')
  const riskIm = risk.k
  const riskMm = risk.k * k
  const figures: ModelFigures = {
    haircutIm,
    haircutMm,
    riskIm,
    riskMm,
    contingencyIm,
    contingencyMm,
    initialMargin: haircutIm + riskIm + contingencyIm,
    maintenanceMargin: haircutMm + riskMm + contingencyMm,
    charges,
    worstScenarios: risk.worst,
  }
  return { figures, scenario: risk.scenario }
}
