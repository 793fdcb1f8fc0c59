/**
 * The `portfolio` model as first written (object per charge, Maps, full revaluation per run),
 * kept as the test oracle of the kernel-based model: the kernel must give bit-identical figures.
 */
import type { PreparedBook } from '../book.js'
import { applyContingencies } from '../contingencies.js'
import { applyHaircuts } from '../haircuts.js'
import { holdsLiability } from '../liabilities.js'
import { emptyCharges, type ModelFigures, sumCharges } from '../models/model.js'
import { noWorstScenario, scenarioRisk } from '../scenario-risk.js'

/**
 * Reference `portfolio` model (CME SPAN / Derive PMRM / ISDA SIMM aggregation):
 * IM = H_im + K + C_im, MM = H_mm + k_mm·K + C_mm, with H the tiered haircuts, K the worst
 * weighted loss over the joint scenarios and C the contingencies; IM = MM = 0 for a book that holds
 * no liability.
 *
 * @example
 * const figures = referencePortfolioModel(prepareInputs({ positions, prices, params, now }).book)
 */
export function referencePortfolioModel(book: PreparedBook): ModelFigures {
  const charges = emptyCharges(book.positions.length)
  if (!holdsLiability(book.positions)) {
    // A book that owes nothing requires no margin (issue 19).
    return {
      haircutIm: 0,
      haircutMm: 0,
      riskIm: 0,
      riskMm: 0,
      contingencyIm: 0,
      contingencyMm: 0,
      initialMargin: 0,
      maintenanceMargin: 0,
      charges,
      worstScenarios: book.factors.map(noWorstScenario),
    }
  }
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
  return {
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
}
