/**
 * Test helpers over the joint scenario design (not exported by the package): the prepared book of a
 * fixture position list, and a book's P&L in one design scenario with every position revalued on
 * its own, the reference the property tests hold the engine's kernel against.
 */
import { defaultRiskParameters, type Position } from '@xmargin/core'
import type { PreparedBook } from '../book.js'
import { jointDesign } from '../joint-scenarios.js'
import { prepareInputs } from '../prepare-inputs.js'
import { designIndices, scenarioPnl } from '../scenario-risk.js'
import { NOW, PRICES, VOLATILITIES } from './fixtures.js'

/** The default risk parameters' joint design. */
export const design = jointDesign(defaultRiskParameters)

/**
 * The prepared book of `positions` at the fixture prices, vols and time, default parameters.
 *
 * @example
 * const book = prepareBook([spot('WETH', 1), debt('USDC', 1000, { decimals: 6 })])
 */
export function prepareBook(positions: readonly Position[]): PreparedBook {
  return prepareInputs({
    positions,
    prices: PRICES,
    volatilities: VOLATILITIES,
    params: defaultRiskParameters,
    now: NOW,
  }).book
}

/**
 * Unweighted P&L of `book` in design scenario `s`, each position revalued on its own (Black-76 for
 * options).
 *
 * @example
 * const worst = Math.min(...[...Array(design.count).keys()].map((s) => designScenarioPnl(book, s)))
 */
export function designScenarioPnl(book: PreparedBook, s: number): number {
  const width = design.factors.length
  const designOf = designIndices(book, design)
  let pnl = 0
  for (const p of book.positions) {
    const d = designOf[p.factor]!
    const point = design.points[s * width + d]!
    const set = design.sets[d]!
    pnl += scenarioPnl(p, book.factorParameters[p.factor]!, set.moves[point]!, set.vols[point]!, book.rate)
  }
  return pnl
}

/** A relative tolerance for comparing sums of floats (1e-9 of the figure, at least 1e-9). */
export const tolerance = (x: number) => 1e-9 * Math.max(1, Math.abs(x))
