import { buildCorrelationMatrix, choleskyDecompose, type FactorId, type RiskParameters } from '@xmargin/core'
import type { PreparedBook } from '../book.js'
import { applyContingencies } from '../contingencies.js'
import { applyHaircuts } from '../haircuts.js'
import { standardNormals } from '../prng.js'
import { optionScenarioPnl, scenarioRisk } from '../scenario-risk.js'
import { emptyCharges, type ModelFigures, sumCharges } from './model.js'

type FactorDraws = { factors: FactorId[]; index: Map<FactorId, number>; lower: number[][] }

const drawsCache = new WeakMap<RiskParameters, FactorDraws>()

/**
 * Cholesky factor of the correlation of *all* factors in the parameters (sorted), so that a
 * factor's simulated returns do not depend on which other factors a book holds: adding a USDC
 * balance must not reshuffle the ETH paths.
 */
function drawsFor(params: RiskParameters): FactorDraws {
  let draws = drawsCache.get(params)
  if (!draws) {
    const factors = Object.keys(params.factors).sort()
    const matrix = buildCorrelationMatrix({ factors, correlations: params.correlations })
    const result = choleskyDecompose(matrix)
    // Validated parameters are PSD; a failure means unvalidated input: fall back to independence.
    const lower = result.ok ? result.lower : matrix.map((row, i) => row.map((_, j) => (i === j ? 1 : 0)))
    draws = { factors, index: new Map(factors.map((f, i) => [f, i])), lower }
    drawsCache.set(params, draws)
  }
  return draws
}

/** Expected shortfall of a PnL vector: −mean of the `tail` worst paths, and those paths' indices. */
function shortfall(pnl: Float64Array, tail: number): { es: number; indices: Uint32Array } {
  const order = new Uint32Array(pnl.length)
  for (let i = 0; i < order.length; i++) order[i] = i
  order.sort((a, b) => pnl[a]! - pnl[b]! || a - b)
  let sum = 0
  for (let i = 0; i < tail; i++) sum += pnl[order[i]!]!
  return { es: -sum / tail, indices: order.subarray(0, tail) }
}

/**
 * The `es` model (OCC STANS style): factor log-returns over `horizonDays` drawn from a seeded
 * Gaussian with the factors' volatilities and the correlation matrix (Cholesky), every position
 * fully revalued per path (Black-76 for options, vol unchanged), expected shortfall at
 * `confidence` over the worst paths. IM = H_im + ES + C_im; MM = H_mm + k_mm·ES + C_mm.
 * Euler contributions: each position's mean loss over the tail paths (they sum to ES).
 */
export function esModel(book: PreparedBook): ModelFigures {
  const { es: esParams, maintenanceRiskScale: k } = book.params
  const nf = book.factors.length
  const paths = esParams.paths
  const charges = emptyCharges(book.positions.length)
  applyHaircuts(book, charges)
  applyContingencies(book, charges)

  const draws = drawsFor(book.params)
  const na = draws.factors.length
  const z = standardNormals({ seed: esParams.seed, count: paths * Math.max(na, 1) })
  const scale = book.factorParameters.map((f) => f.volatility * Math.sqrt(esParams.horizonDays / 365))
  const globalIndex = book.factors.map((factor) => draws.index.get(factor)!)
  const moves = new Float64Array(paths * nf)
  for (let p = 0; p < paths; p++) {
    for (let f = 0; f < nf; f++) {
      let y = 0
      const gi = globalIndex[f]!
      const row = draws.lower[gi]!
      for (let g = 0; g <= gi; g++) y += row[g]! * z[p * na + g]!
      const s = scale[f]!
      moves[p * nf + f] = Math.exp(s * y - (s * s) / 2) - 1
    }
  }
  const linear = new Float64Array(nf)
  const optionIndices: number[] = []
  book.positions.forEach((position, i) => {
    if (position.option) optionIndices.push(i)
    else {
      linear[position.factor]! += position.exposure
    }
  })
  const pnl = new Float64Array(paths)
  for (let p = 0; p < paths; p++) {
    let total = 0
    for (let f = 0; f < nf; f++) {
      total += linear[f]! * moves[p * nf + f]!
    }
    for (const i of optionIndices) {
      const position = book.positions[i]!
      const optionPnl = optionScenarioPnl(
        position,
        book.factorParameters[position.factor]!,
        moves[p * nf + position.factor]!,
        0,
        book.rate,
      )
      total += optionPnl
    }
    pnl[p] = total
  }
  const tail = Math.max(1, Math.ceil((1 - esParams.confidence) * paths))
  const { es: rawEs, indices } = shortfall(pnl, tail)
  const es = Math.max(0, rawEs)
  if (es > 0) {
    book.positions.forEach((position, i) => {
      let sum = 0
      for (const p of indices) {
        const move = moves[p * nf + position.factor]!
        sum += position.option
          ? optionScenarioPnl(position, book.factorParameters[position.factor]!, move, 0, book.rate)
          : position.exposure * move
      }
      charges[i]!.riskIm = -sum / tail
      charges[i]!.riskMm = (-sum / tail) * k
    })
  }
  const haircutIm = sumCharges(charges, 'haircutIm')
  const haircutMm = sumCharges(charges, 'haircutMm')
  const contingencyIm = sumCharges(charges, 'contingencyIm')
  const contingencyMm = sumCharges(charges, 'contingencyMm')
  return {
    haircutIm,
    haircutMm,
    riskIm: es,
    riskMm: es * k,
    contingencyIm,
    contingencyMm,
    initialMargin: haircutIm + es + contingencyIm,
    maintenanceMargin: haircutMm + es * k + contingencyMm,
    charges,
    worstScenarios: scenarioRisk(book).worst,
  }
}
