import { defaultRiskParameters, type Position } from '@xmargin/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { PreparedBook } from '../book.js'
import { liquidationPrices } from '../liquidation-prices.js'
import { moveAsset, moveFactor, prepareInputs } from '../prepare-inputs.js'
import { bookArbitrary, NOW, PRICES, price, spot, VOLATILITIES } from '../testing/fixtures.js'
import { referenceLiquidationPrices } from '../testing/reference-liquidation-prices.js'
import {
  referencePortfolioModel,
  referenceUngatedPortfolioModel,
} from '../testing/reference-portfolio-model.js'
import { rerunEvaluator } from './evaluator.js'
import { portfolioEvaluator } from './portfolio-model.js'

/** Some prices stale (stale contingency), so every charge is exercised. */
const STALE_PRICES = PRICES.map((p) => (p.chainId === 10 ? { ...p, updatedAt: NOW - 7200 } : p))

function prepare(positions: readonly Position[], stale = false): PreparedBook {
  return prepareInputs({
    positions,
    prices: stale ? STALE_PRICES : PRICES,
    volatilities: VOLATILITIES,
    params: defaultRiskParameters,
    now: NOW,
  }).book
}

const books = fc.tuple(bookArbitrary, fc.boolean()).map(([positions, stale]) => prepare(positions, stale))

/** Equity − MM by re-running the reference model on the moved book, as the first solver did. */
function referenceSurplus(book: PreparedBook, f: number, ratio: number): number {
  return referenceSurplusAndScale(book, f, ratio).surplus
}

/** The surplus and the size of the figures it is the difference of (for rounding tolerances). */
function referenceSurplusAndScale(book: PreparedBook, f: number, ratio: number) {
  const moved = moveFactor(book, f, ratio)
  let equity = 0
  let gross = 0
  for (const p of moved.positions) {
    equity += p.value
    gross += Math.abs(p.value)
  }
  // The solver's surplus is the ungated one (same zero set as the gated model's E − MM).
  const mm = referenceUngatedPortfolioModel(moved).maintenanceMargin
  return { surplus: equity - mm, scale: 1 + gross + mm }
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b))

describe('portfolioEvaluator()', () => {
  it('gives figures bit-identical to the reference portfolio model', () => {
    fc.assert(
      fc.property(books, (book) => {
        expect(portfolioEvaluator(book).figures).toStrictEqual(referencePortfolioModel(book))
      }),
      { numRuns: 400 },
    )
  })

  it('margins any subset of positions bit-identically to the reference model on the sub-book', () => {
    fc.assert(
      fc.property(
        books.chain((book) =>
          fc.tuple(fc.constant(book), fc.subarray([...book.positions.keys()], { minLength: 1 })),
        ),
        ([book, members]) => {
          const sorted = [...members].sort((a, b) => a - b)
          const ours = portfolioEvaluator(book).bucketMargins(sorted)
          const reference = referencePortfolioModel({
            ...book,
            positions: sorted.map((i) => book.positions[i]!),
          })
          expect(ours.initialMargin).toBe(reference.initialMargin)
          expect(ours.maintenanceMargin).toBe(reference.maintenanceMargin)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('margins every bucket of a partition in one pass bit-identically to bucket by bucket', () => {
    fc.assert(
      fc.property(
        books.chain((book) =>
          fc.tuple(
            fc.constant(book),
            fc.array(fc.integer({ min: 0, max: 3 }), {
              minLength: book.positions.length,
              maxLength: book.positions.length,
            }),
          ),
        ),
        ([book, labels]) => {
          // Labels numbered 0..count−1 in order of first appearance.
          const seen: number[] = []
          const bucketOf = labels.map((label) => {
            if (!seen.includes(label)) seen.push(label)
            return seen.indexOf(label)
          })
          const evaluator = portfolioEvaluator(book)
          const im: number[] = []
          const mm: number[] = []
          evaluator.partitionMargins(bucketOf, seen.length, im, mm)
          seen.forEach((_, b) => {
            const members = bucketOf.flatMap((of, i) => (of === b ? [i] : []))
            const one = evaluator.bucketMargins(members)
            expect(im[b]).toBe(one.initialMargin)
            expect(mm[b]).toBe(one.maintenanceMargin)
          })
          const slow = rerunEvaluator(referencePortfolioModel, book)
          const imSlow: number[] = []
          const mmSlow: number[] = []
          slow.partitionMargins(bucketOf, seen.length, imSlow, mmSlow)
          expect(im).toEqual(imSlow)
          expect(mm).toEqual(mmSlow)
        },
      ),
      { numRuns: 400 },
    )
  })

  it('re-evaluates a factor move like a re-run of the reference model on the moved book', () => {
    fc.assert(
      fc.property(books, fc.double({ min: 1e-3, max: 50, noNaN: true }), (book, ratio) => {
        const evaluator = portfolioEvaluator(book)
        book.factors.forEach((_, f) => {
          const ours = evaluator.surplus(f)(ratio)
          const { surplus, scale } = referenceSurplusAndScale(book, f, ratio)
          // Sums are grouped differently (moved factor apart from the rest): rounding of the parts only.
          expect(Math.abs(ours - surplus)).toBeLessThanOrEqual(1e-13 * scale)
        })
      }),
      { numRuns: 300 },
    )
  })

  it('re-evaluates a basis move (one asset alone) like a re-run of the reference model on the moved book', () => {
    fc.assert(
      fc.property(books, fc.double({ min: 1e-3, max: 50, noNaN: true }), (book, ratio) => {
        const evaluator = portfolioEvaluator(book)
        for (const p of book.positions) {
          const asset = p.position.asset
          const ours = evaluator.assetSurplus!(p.factor, asset)(ratio)
          const moved = moveAsset(book, asset, ratio)
          let equity = 0
          let gross = 0
          for (const q of moved.positions) {
            equity += q.value
            gross += Math.abs(q.value)
          }
          const mm = referenceUngatedPortfolioModel(moved).maintenanceMargin
          expect(Math.abs(ours - (equity - mm))).toBeLessThanOrEqual(1e-13 * (1 + gross + mm))
        }
      }),
      { numRuns: 200 },
    )
  })

  it('finds the same liquidation prices as the reference grid solver, or a nearer true crossing', () => {
    const spotOf = () => ({ asset: 'X', spot: 1 })
    fc.assert(
      fc.property(books, (book) => {
        const evaluator = portfolioEvaluator(book)
        const ours = liquidationPrices(book, (f) => evaluator.surplus(f), spotOf)
        const reference = referenceLiquidationPrices(book, referenceUngatedPortfolioModel, spotOf)
        expect(ours.map((l) => l.factor)).toEqual(reference.map((l) => l.factor))
        ours.forEach((line, j) => {
          const f = book.factors.indexOf(line.factor)
          for (const side of ['below', 'above'] as const) {
            const r = line[side]
            const old = reference[j]![side]
            if (r === old || (r !== null && old !== null && relative(r, old) <= 1e-8)) continue
            // Otherwise the fast solver found a crossing the fixed grid stepped over: it must be a
            // root of E − MM, nearer to spot than the old answer.
            expect(r).not.toBeNull()
            const scale = Math.abs(referenceSurplus(book, f, 1)) + 1
            expect(Math.abs(referenceSurplus(book, f, r!))).toBeLessThanOrEqual(1e-6 * scale)
            if (old !== null) expect(Math.abs(Math.log(r!))).toBeLessThan(Math.abs(Math.log(old)))
          }
        })
      }),
      { numRuns: 200 },
    )
  })
})

describe('rerunEvaluator()', () => {
  it('agrees with the portfolio evaluator on buckets and moves (the path other models take)', () => {
    fc.assert(
      fc.property(books, fc.double({ min: 0.05, max: 20, noNaN: true }), (book, ratio) => {
        const fast = portfolioEvaluator(book)
        const slow = rerunEvaluator(referencePortfolioModel, book)
        const all = [...book.positions.keys()]
        expect(fast.bucketMargins(all)).toEqual(slow.bucketMargins(all))
        const slowSurplus = rerunEvaluator(referenceUngatedPortfolioModel, book)
        book.factors.forEach((_, f) => {
          const { scale } = referenceSurplusAndScale(book, f, ratio)
          expect(Math.abs(fast.surplus(f)(ratio) - slowSurplus.surplus(f)(ratio))).toBeLessThanOrEqual(
            1e-13 * scale,
          )
        })
      }),
      { numRuns: 100 },
    )
  })
})

// Keep the stale fixture honest: chain 10 prices are past their maximum age.
it('the stale fixture makes chain 10 positions stale', () => {
  expect(prepare([spot('WETH', 1, { chainId: 10 })], true).positions[0]!.stale).toBe(true)
  expect(price('WETH', 1).updatedAt).toBe(NOW - 60)
})
