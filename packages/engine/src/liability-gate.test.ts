import { defaultRiskParameters, type Position } from '@xmargin/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { computeMargin } from './compute-margin.js'
import { prepareInputs } from './prepare-inputs.js'
import type { MarginReport } from './report.js'
import {
  bookArbitrary,
  collateralArbitrary,
  debt,
  NOW,
  PRICES,
  perp,
  positionArbitrary,
  spot,
  VOLATILITIES,
} from './testing/fixtures.js'
import { referenceUngatedPortfolioModel } from './testing/reference-portfolio-model.js'

const gate = (positions: readonly Position[]): MarginReport =>
  computeMargin({
    positions,
    prices: PRICES,
    volatilities: VOLATILITIES,
    now: NOW,
    liquidationPrices: false,
    isolated: false,
  })
/** The same book under the ungated model (IM = H + K + C), from the reference implementation. */
const ungated = (positions: readonly Position[]) => {
  const { book } = prepareInputs({
    positions,
    prices: PRICES,
    volatilities: VOLATILITIES,
    params: defaultRiskParameters,
    now: NOW,
  })
  const figures = referenceUngatedPortfolioModel(book)
  return { ...figures, equity: book.positions.reduce((a, p) => a + p.value, 0) }
}
const tolerance = (x: number) => 1e-9 * Math.max(1, Math.abs(x))
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0)

describe('liability gate', () => {
  it('a book without liabilities requires no margin', () => {
    fc.assert(
      fc.property(fc.array(collateralArbitrary, { minLength: 1, maxLength: 8 }), (book) => {
        const g = gate(book.map((p, i) => ({ ...p, id: `${p.id}-${i}` })))
        expect(g.initialMargin).toBe(0)
        expect(g.maintenanceMargin).toBe(0)
        expect(g.health).toBe(Number.POSITIVE_INFINITY)
      }),
      { numRuns: 200 },
    )
  })

  it('keeps the line: E ≥ gated IM (MM) exactly when E ≥ the ungated IM (MM), and never asks more', () => {
    fc.assert(
      fc.property(bookArbitrary, (book) => {
        const g = gate(book)
        const r = ungated(book)
        expect(g.equity).toBeCloseTo(r.equity, 6)
        expect(g.initialMargin).toBeLessThanOrEqual(r.initialMargin + tolerance(r.initialMargin))
        expect(g.maintenanceMargin).toBeLessThanOrEqual(r.maintenanceMargin + tolerance(r.maintenanceMargin))
        // Away from the line itself (float ties), the comparison with E is the same.
        for (const [gated, full] of [
          [g.initialMargin, r.initialMargin],
          [g.maintenanceMargin, r.maintenanceMargin],
        ] as const) {
          if (Math.abs(r.equity - full) > 1e-6 * Math.max(1, Math.abs(full)))
            expect(r.equity >= gated).toBe(r.equity >= full)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('contributions sum to the requirement (Euler)', () => {
    fc.assert(
      fc.property(bookArbitrary, (book) => {
        const g = gate(book)
        expect(sum(g.positions.map((p) => p.initialMargin))).toBeCloseTo(g.initialMargin, 6)
        expect(sum(g.positions.map((p) => p.maintenanceMargin))).toBeCloseTo(g.maintenanceMargin, 6)
        expect(g.breakdown.haircutIm + g.breakdown.riskIm + g.breakdown.contingencyIm).toBeCloseTo(
          g.initialMargin,
          6,
        )
      }),
      { numRuns: 300 },
    )
  })

  it('removing a position with a negative maintenance contribution and a value ≥ 0 never raises health', () => {
    fc.assert(
      fc.property(bookArbitrary, fc.nat(), (book, pick) => {
        const before = gate(book)
        const candidates = before.positions.filter((p) => p.maintenanceMargin < 0 && p.value >= 0)
        fc.pre(candidates.length > 0)
        const removed = candidates[pick % candidates.length]!.id
        const after = gate(book.filter((p) => p.id !== removed))
        expect(after.health).toBeLessThanOrEqual(before.health + tolerance(before.health))
      }),
      { numRuns: 1000 },
    )
  })

  it('a position that adds MM without adding equity never raises health', () => {
    fc.assert(
      fc.property(bookArbitrary, positionArbitrary, (book, extra) => {
        const before = gate(book)
        const after = gate([...book, { ...extra, id: `${extra.id}-added` }])
        fc.pre(after.maintenanceMargin >= before.maintenanceMargin && after.equity <= before.equity)
        expect(after.health).toBeLessThanOrEqual(before.health + tolerance(before.health))
      }),
      { numRuns: 300 },
    )
  })

  it('a deposit never lowers E − MM', () => {
    fc.assert(
      fc.property(bookArbitrary, collateralArbitrary, (book, extra) => {
        const before = gate(book)
        const after = gate([...book, { ...extra, id: `${extra.id}-added` }])
        const surplus = (g: MarginReport) => g.equity - g.maintenanceMargin
        expect(surplus(after)).toBeGreaterThanOrEqual(surplus(before) - tolerance(surplus(before)))
      }),
      { numRuns: 1000 },
    )
  })

  it('charges a levered long as before, and a small debt only to the extent it can be lost', () => {
    const levered = [spot('WETH', 10), debt('USDC', 20_000, { decimals: 6 })]
    expect(gate(levered).maintenanceMargin).toBeCloseTo(ungated(levered).maintenanceMargin, 6)
    const small = [spot('WETH', 10), debt('USDC', 100, { decimals: 6 })]
    expect(gate(small).maintenanceMargin).toBeLessThan(ungated(small).maintenanceMargin)
    // 10 WETH against a 5 ETH short: the perp is owed only when ETH rises, and then the WETH
    // gains more than the perp loses plus every liquidation charge: no lender can lose.
    const hedged = [spot('WETH', 10), perp('ETH', -5, 3000)]
    expect(ungated(hedged).maintenanceMargin).toBeGreaterThan(0)
    expect(gate(hedged).maintenanceMargin).toBe(0)
  })
})
