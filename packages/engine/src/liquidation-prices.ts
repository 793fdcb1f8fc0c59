import type { PreparedBook } from './book.js'
import type { BasisLiquidation, LiquidationPrice } from './report.js'

/** Scan grids of price ratios, nearest to spot first (the reference solver's grids). */
export const DOWN = [0.97, 0.93, 0.87, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.03, 0.001, 1e-6]
export const UP = [1.03, 1.07, 1.15, 1.25, 1.4, 1.6, 2, 2.5, 3.5, 5, 8, 15, 30, 60, 100]

/** Relative tolerance on the ratio of a root. */
const ROOT_TOLERANCE = 1e-12
/** Relative width at which a search for a hidden dip between samples gives up. */
const DIP_TOLERANCE = 1e-7
const EPSILON = Number.EPSILON
const GOLDEN = (Math.sqrt(5) - 1) / 2

/**
 * Brent's method on [a, b] with g(a), g(b) of opposite signs (inverse quadratic interpolation,
 * secant and bisection steps; always bracketed). Returns a ratio within ~1e-12 relative of a root.
 */
export function solveBracketed(
  g: (r: number) => number,
  a0: number,
  ga0: number,
  b0: number,
  gb0: number,
): number {
  let a = a0
  let fa = ga0
  let b = b0
  let fb = gb0
  let c = a
  let fc = fa
  let d = b - a
  let e = d
  for (let i = 0; i < 200; i++) {
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a
      fc = fa
      d = b - a
      e = d
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b
      b = c
      c = a
      fa = fb
      fb = fc
      fc = fa
    }
    const tolerance = 2 * EPSILON * Math.abs(b) + 0.5 * ROOT_TOLERANCE * Math.abs(b)
    const middle = 0.5 * (c - b)
    if (Math.abs(middle) <= tolerance || fb === 0) return b
    if (Math.abs(e) >= tolerance && Math.abs(fa) > Math.abs(fb)) {
      const s = fb / fa
      let p: number
      let q: number
      if (a === c) {
        p = 2 * middle * s
        q = 1 - s
      } else {
        const t = fa / fc
        const r = fb / fc
        p = s * (2 * middle * t * (t - r) - (b - a) * (r - 1))
        q = (t - 1) * (r - 1) * (s - 1)
      }
      if (p > 0) q = -q
      p = Math.abs(p)
      if (2 * p < Math.min(3 * middle * q - Math.abs(tolerance * q), Math.abs(e * q))) {
        e = d
        d = p / q
      } else {
        d = middle
        e = d
      }
    } else {
      d = middle
      e = d
    }
    a = b
    fa = fb
    b += Math.abs(d) > tolerance ? d : middle > 0 ? tolerance : -tolerance
    fb = g(b)
  }
  return b
}

/**
 * Golden-section search of [a, c] for a point where `sign · g` is ≤ 0, i.e. where g has come back
 * across zero between two samples of the same sign. Stops when the best value found is further
 * from zero than twice `slope` (the steepest chord seen between neighbouring samples) times the
 * remaining width: crossing zero inside would take g twice as steep as anything sampled.
 */
function findDip(
  g: (r: number) => number,
  sign: number,
  a0: number,
  c0: number,
  slope: number,
): { r: number; g: number } | null {
  let a = a0
  let c = c0
  let x1 = c - GOLDEN * (c - a)
  let x2 = a + GOLDEN * (c - a)
  let h1 = sign * g(x1)
  let h2 = sign * g(x2)
  for (let i = 0; i < 200; i++) {
    if (h1 <= 0) return { r: x1, g: sign * h1 }
    if (h2 <= 0) return { r: x2, g: sign * h2 }
    const width = Math.abs(c - a)
    if (Math.min(h1, h2) > 2 * slope * width) return null
    if (width <= DIP_TOLERANCE * Math.max(Math.abs(a), Math.abs(c))) return null
    if (h1 < h2) {
      c = x2
      x2 = x1
      h2 = h1
      x1 = c - GOLDEN * (c - a)
      h1 = sign * g(x1)
    } else {
      a = x1
      x1 = x2
      h1 = h2
      x2 = a + GOLDEN * (c - a)
      h2 = sign * g(x2)
    }
  }
  return null
}

/**
 * The crossing of g nearest to ratio 1 along `grid`: scan the grid; at the first sign change,
 * solve the bracket (Brent). Where the samples show a local extremum of |g| (g heading toward
 * zero then away again without crossing), search between its neighbours for a hidden pair of
 * crossings, which a plain scan steps over, and solve the nearer one. `opposite` = g at the first
 * ratio on the other side of 1 lets a dip right next to spot be seen too (searched on this side);
 * `first` = g(grid[0]) when already known.
 */
export function firstCrossing(
  g: (r: number) => number,
  g1: number,
  grid: readonly number[],
  opposite: { r: number; g: number } | undefined = undefined,
  first: number | undefined = undefined,
): number | null {
  let r0 = 1
  let g0 = g1
  let rBefore = opposite ? opposite.r : Number.NaN
  let gBefore = opposite ? opposite.g : Number.NaN
  for (let k = 0; k < grid.length; k++) {
    const r = grid[k]!
    const gr = k === 0 && first !== undefined ? first : g(r)
    if (gr === 0) return r
    if (g0 !== 0 && Math.sign(gr) !== Math.sign(g0)) return solveBracketed(g, r0, g0, r, gr)
    if (g0 !== 0 && Math.abs(g0) < Math.abs(gBefore) && Math.abs(g0) < Math.abs(gr)) {
      // At spot itself, search this side only: the other side is the other direction's business.
      const atSpot = r0 === 1
      const slope = Math.max(Math.abs((g0 - gBefore) / (r0 - rBefore)), Math.abs((gr - g0) / (r - r0)))
      const dip = findDip(g, Math.sign(g0), atSpot ? 1 : rBefore, r, slope)
      if (dip) {
        if (dip.g === 0) return dip.r
        // The nearest crossing lies between the last same-sign sample before the dip and the dip.
        const nearSide = !atSpot && Math.abs(dip.r - 1) < Math.abs(r0 - 1)
        return nearSide
          ? solveBracketed(g, rBefore, gBefore, dip.r, dip.g)
          : solveBracketed(g, r0, g0, dip.r, dip.g)
      }
    }
    rBefore = r0
    gBefore = g0
    r0 = r
    g0 = gr
  }
  return null
}

/**
 * Liquidation price per factor, solved over the whole book: moving one factor alone (all its
 * assets by the same ratio, every position revalued, margin recomputed), the nearest prices below
 * and above spot where E = MM (none above for a stable factor: a stablecoin above par is no
 * risk). `surplus(f)` gives E − MM as a function of the ratio (the
 * `portfolio` model answers it from its precomputed kernel). Scan of a grid of ratios in (0, 100]
 * with a search for hidden double crossings between samples, then Brent's method.
 *
 * @example
 * const prices = liquidationPrices(book, evaluator.surplus, (f) => ({ asset: 'ETH', spot: 3000 }))
 */
export function liquidationPrices(
  book: PreparedBook,
  surplus: (factor: number) => (ratio: number) => number,
  spotOf: (factor: number) => { asset: string; spot: number },
): LiquidationPrice[] {
  const present = new Uint8Array(book.factors.length)
  for (const p of book.positions) present[p.factor] = 1
  const result: LiquidationPrice[] = []
  book.factors.forEach((factorId, f) => {
    if (!present[f]) return
    const { asset, spot } = spotOf(f)
    const g = surplus(f)
    const g1 = g(1)
    const down = { r: DOWN[0]!, g: g(DOWN[0]!) }
    const up = { r: UP[0]!, g: g(UP[0]!) }
    const below = firstCrossing(g, g1, DOWN, up, down.g)
    // A stablecoin is shocked downward only (a depeg): no liquidation price above par.
    const above = book.factorParameters[f]!.stable ? null : firstCrossing(g, g1, UP, down, up.g)
    result.push({
      factor: factorId,
      referenceAsset: asset,
      spot,
      below: below === null ? null : below * spot,
      above: above === null ? null : above * spot,
    })
  })
  return result
}

/**
 * The liquidation prices of a book that cannot be liquidated (it owes nothing): per factor of the
 * book, its reference price and no price below or above, as the solver reports a factor whose
 * move never brings E to MM. No search.
 *
 * @example
 * noLiquidationPrices(book, (f) => ({ asset: 'USDC', spot: 1 })) // [{ factor: 'USD', …, below: null, above: null }]
 */
export function noLiquidationPrices(
  book: PreparedBook,
  spotOf: (factor: number) => { asset: string; spot: number },
): LiquidationPrice[] {
  const present = new Uint8Array(book.factors.length)
  for (const p of book.positions) present[p.factor] = 1
  const result: LiquidationPrice[] = []
  book.factors.forEach((factor, f) => {
    if (!present[f]) return
    const { asset, spot } = spotOf(f)
    result.push({ factor, referenceAsset: asset, spot, below: null, above: null })
  })
  return result
}

/**
 * The basis liquidations of a book that cannot be liquidated: each basis pair with no price below
 * or above. No search.
 *
 * @example
 * noBasisLiquidations(book) // [{ asset: 'wstETH', factor: 'ETH', spot: 3500, below: null, above: null }]
 */
export function noBasisLiquidations(book: PreparedBook): BasisLiquidation[] {
  return basisPairs(book).map(({ asset, factor, spot }) => ({
    asset,
    factor: book.factors[factor]!,
    spot,
    below: null,
    above: null,
  }))
}

/**
 * The basis pairs of a book: each asset with a basis shock (wstETH, USDC.e, WBTC…) held beside
 * another asset of the same factor (WETH debt against wstETH collateral), whose price can move
 * against it. A basis asset alone in its factor moves with the factor (the factor search covers it).
 *
 * @example
 * basisPairs(book) // [{ asset: 'wstETH', factor: 0, spot: 3500 }]
 */
export function basisPairs(book: PreparedBook): { asset: string; factor: number; spot: number }[] {
  const result: { asset: string; factor: number; spot: number }[] = []
  const seen = new Set<string>()
  for (const p of book.positions) {
    const asset = p.position.asset
    if (p.basis <= 0 || seen.has(asset)) continue
    seen.add(asset)
    if (book.positions.some((q) => q.factor === p.factor && q.position.asset !== asset))
      result.push({ asset, factor: p.factor, spot: p.price })
  }
  return result
}

/**
 * Liquidation prices of the basis pairs, solved over the whole book: one basis asset's prices
 * moved alone (the rest of its factor unchanged, every position on it revalued, margin
 * recomputed), the nearest prices below and above its current price where E = MM (none above for
 * a stable factor). `surplus(asset, factor)` gives E − MM as a function of the asset's price ratio. Same
 * grid, dip search and Brent solver as {@link liquidationPrices}.
 *
 * @example
 * const basis = basisLiquidationPrices(book, (asset, f) => evaluator.assetSurplus(f, asset))
 * basis[0] // { asset: 'wstETH', factor: 'ETH', spot: 3500, below: 2526.32, above: null }
 */
export function basisLiquidationPrices(
  book: PreparedBook,
  surplus: (asset: string, factor: number) => (ratio: number) => number,
): BasisLiquidation[] {
  return basisPairs(book).map(({ asset, factor, spot }) => {
    const g = surplus(asset, factor)
    const g1 = g(1)
    const down = { r: DOWN[0]!, g: g(DOWN[0]!) }
    const up = { r: UP[0]!, g: g(UP[0]!) }
    const below = firstCrossing(g, g1, DOWN, up, down.g)
    const above = book.factorParameters[factor]!.stable ? null : firstCrossing(g, g1, UP, down, up.g)
    return {
      asset,
      factor: book.factors[factor]!,
      spot,
      below: below === null ? null : below * spot,
      above: above === null ? null : above * spot,
    }
  })
}
