/**
 * Reference figures of the liability gate for tests: the book prepared as `computeMargin` does,
 * the reference charges and every position's weighted PnL in every joint scenario the book scans
 * (full Black-76 revaluation), then {@link liabilityGate} at IM and MM scale.
 */
import { defaultRiskParameters, type Position, type Price, type Volatility } from '@xmargin/core'
import { applyContingencies } from '../contingencies.js'
import { applyHaircuts } from '../haircuts.js'
import { jointDesign, scenarioList } from '../joint-scenarios.js'
import { type LiabilityGateReturnType, liabilityGate } from '../liability-gate.js'
import { emptyCharges } from '../models/model.js'
import { prepareInputs } from '../prepare-inputs.js'
import { designIndices, scenarioPnl } from '../scenario-risk.js'

export type GatedFigures = {
  equity: number
  ids: string[]
  values: number[]
  im: LiabilityGateReturnType
  mm: LiabilityGateReturnType
  /** E / MM, 0 when E < 0, +Infinity when MM = 0 and E ≥ 0. */
  health: number
  /** Any position that is, in some scenario the book scans (or now), worth less than 0. */
  liabilities: boolean
}

/**
 * @example
 * const g = gatedFigures(positions, PRICES, VOLATILITIES, NOW)
 * g.mm.requirement // the gated maintenance margin
 */
export function gatedFigures(
  positions: readonly Position[],
  prices: readonly Price[],
  volatilities: readonly Volatility[],
  now: number,
): GatedFigures {
  const params = defaultRiskParameters
  const { book } = prepareInputs({ positions, prices, volatilities, params, now })
  const n = book.positions.length
  const charges = emptyCharges(n)
  applyHaircuts(book, charges)
  applyContingencies(book, charges)
  const design = jointDesign(params)
  const designOf = designIndices(book, design)
  const { scenarios, linearCount } = scenarioList(design, designOf)
  const withOptions = book.positions.some((p) => p.option)
  const count = withOptions ? scenarios.length : linearCount
  const width = design.factors.length
  const pnl = new Float64Array(count * n)
  for (let j = 0; j < count; j++) {
    const s = scenarios[j]!
    const w = design.weights[s]!
    book.positions.forEach((p, i) => {
      const set = design.sets[designOf[p.factor]!]!
      const point = design.points[s * width + designOf[p.factor]!]!
      pnl[j * n + i] =
        w * scenarioPnl(p, book.factorParameters[p.factor]!, set.moves[point]!, set.vols[point]!, book.rate)
    })
  }
  const values = book.positions.map((p) => p.value)
  const im = liabilityGate(
    values,
    charges.map((c) => c.haircutIm + c.contingencyIm),
    pnl,
    1,
  )
  const mm = liabilityGate(
    values,
    charges.map((c) => c.haircutMm + c.contingencyMm),
    pnl,
    params.maintenanceRiskScale,
  )
  const equity = values.reduce((a, b) => a + b, 0)
  let liabilities = values.some((v) => v < 0)
  for (let k = 0; k < pnl.length && !liabilities; k++) if (values[k % n]! + pnl[k]! < 0) liabilities = true
  const health =
    mm.requirement > 0 ? Math.max(0, equity / mm.requirement) : equity >= 0 ? Number.POSITIVE_INFINITY : 0
  return { equity, ids: book.positions.map((p) => p.position.id), values, im, mm, health, liabilities }
}
