/**
 * The liquidation price solver as first written (fixed grid, Illinois regula falsi, the model
 * re-run on a rebuilt book per evaluation), kept as the test oracle of the fast solver.
 */
import type { PreparedBook } from '../book.js'
import type { MarginModel } from '../models/model.js'
import { moveFactor } from '../prepare-inputs.js'
import type { LiquidationPrice } from '../report.js'

const DOWN = [0.97, 0.93, 0.87, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.03, 0.001, 1e-6]
const UP = [1.03, 1.07, 1.15, 1.25, 1.4, 1.6, 2, 2.5, 3.5, 5, 8, 15, 30, 60, 100]

function surplus(book: PreparedBook, model: MarginModel, factor: number, ratio: number): number {
  const moved = ratio === 1 ? book : moveFactor(book, factor, ratio)
  let equity = 0
  for (const p of moved.positions) equity += p.value
  return equity - model(moved).maintenanceMargin
}

/** Illinois regula falsi on [a, b] with g(a), g(b) of opposite signs; relative tolerance on the ratio. */
function solve(g: (r: number) => number, a0: number, ga0: number, b0: number, gb0: number): number {
  let a = a0
  let b = b0
  let ga = ga0
  let gb = gb0
  let side = 0
  for (let i = 0; i < 100; i++) {
    const r = (a * gb - b * ga) / (gb - ga)
    const gr = g(r)
    if (gr === 0 || Math.abs(b - a) <= 1e-10 * Math.max(Math.abs(a), Math.abs(b))) return r
    if (Math.sign(gr) === Math.sign(gb)) {
      b = r
      gb = gr
      if (side === -1) ga /= 2
      side = -1
    } else {
      a = r
      ga = gr
      if (side === 1) gb /= 2
      side = 1
    }
  }
  return (a + b) / 2
}

function firstCrossing(g: (r: number) => number, g1: number, grid: readonly number[]): number | null {
  let previous = 1
  let gPrevious = g1
  for (const r of grid) {
    const gr = g(r)
    if (gr === 0) return r
    if (gPrevious !== 0 && Math.sign(gr) !== Math.sign(gPrevious)) return solve(g, previous, gPrevious, r, gr)
    previous = r
    gPrevious = gr
  }
  return null
}

/**
 * Reference liquidation price per factor, solved over the whole book: moving one factor alone (all its
 * assets by the same ratio, every position revalued, margin recomputed), the nearest prices below
 * and above spot where E = MM. Bracketed on a fixed grid of ratios in (0, 100], then refined by
 * Illinois regula falsi. Two crossings between neighbouring grid points can be missed.
 *
 * @example
 * const prices = referenceLiquidationPrices(book, referencePortfolioModel, (f) => ({ asset: 'ETH', spot: 3000 }))
 */
export function referenceLiquidationPrices(
  book: PreparedBook,
  model: MarginModel,
  spotOf: (factor: number) => { asset: string; spot: number },
): LiquidationPrice[] {
  const present = new Set(book.positions.map((p) => p.factor))
  return book.factors.flatMap((factorId, f) => {
    if (!present.has(f)) return []
    const { asset, spot } = spotOf(f)
    const g = (r: number) => surplus(book, model, f, r)
    const g1 = g(1)
    const below = firstCrossing(g, g1, DOWN)
    const above = book.factorParameters[f]!.stable ? null : firstCrossing(g, g1, UP)
    return [
      {
        factor: factorId,
        referenceAsset: asset,
        spot,
        below: below === null ? null : below * spot,
        above: above === null ? null : above * spot,
      },
    ]
  })
}
