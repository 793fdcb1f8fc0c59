import type { PreparedBook } from '../book.js'
import { applyContingencies } from '../contingencies.js'
import { applyHaircuts } from '../haircuts.js'
import { scenarioRisk } from '../scenario-risk.js'
import { emptyCharges, grossLiabilities, type ModelFigures, sumCharges } from './model.js'

/**
 * The `portfolio` model (CME SPAN / Derive PMRM / ISDA SIMM aggregation):
 * IM = H_im + K + C_im, MM = H_mm + k_mm·K + C_mm, with H the tiered haircuts, K the correlated
 * aggregation of per-factor worst scenario losses and C the contingencies.
 *
 * @example
 * const figures = portfolioModel(prepareInputs({ positions, prices, params, now }).book)
 */
export function portfolioModel(book: PreparedBook): ModelFigures {
  const charges = emptyCharges(book.positions.length)
  applyHaircuts(book, charges)
  const risk = scenarioRisk(book)
  const k = book.params.maintenanceRiskScale
  risk.contributions.forEach((contribution, i) => {
    charges[i]!.riskIm = contribution
    charges[i]!.riskMm = contribution * k
  })
  const { liabilityMm } = applyContingencies(book, charges)
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
    healthDenominator: grossLiabilities(book) + risk.kLiability * k + liabilityMm,
    charges,
    worstScenarios: risk.worst,
  }
}
