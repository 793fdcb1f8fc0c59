import type { Position } from '@xmargin/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { PreparedBook } from './book.js'
import { computeMargin } from './compute-margin.js'
import { holdsLiability } from './liabilities.js'
import type { MarginReport } from './report.js'
import { designIndices } from './scenario-risk.js'
import { design, designScenarioPnl, prepareBook, tolerance } from './testing/design-scenarios.js'
import {
  bookArbitrary,
  debt,
  NOW,
  option,
  PRICES,
  perp,
  positionArbitrary,
  spot,
  supply,
  VOLATILITIES,
} from './testing/fixtures.js'

const width = design.factors.length
const USD = design.factors.indexOf('USD')

function run(positions: readonly Position[], shocks?: Parameters<typeof computeMargin>[0]['shocks']) {
  return computeMargin({
    positions,
    prices: PRICES,
    volatilities: VOLATILITIES,
    now: NOW,
    shocks,
    liquidationPrices: false,
    isolated: false,
  })
}

/** −w·PnL of the book in design scenario s, each position revalued on its own (Black-76 for options). */
function scenarioLoss(book: PreparedBook, s: number): number {
  return -design.weights[s]! * designScenarioPnl(book, s)
}

/** The design scenario the report's worst scenarios describe (−1 when K = 0). */
function bindingScenario(book: PreparedBook, report: MarginReport): number {
  if (report.breakdown.riskIm === 0) return -1
  for (let s = 0; s < design.count; s++) {
    if (scenarioLoss(book, s) === report.breakdown.riskIm) return s
  }
  let best = 0
  let at = -1
  for (let s = 0; s < design.count; s++) {
    const loss = scenarioLoss(book, s)
    if (loss > best) {
      best = loss
      at = s
    }
  }
  return at
}

describe('jointDesign()', () => {
  it('moves ETH and BTC together along the correlation, and every crypto factor at once in a crash', () => {
    const eth = design.factors.indexOf('ETH')
    const btc = design.factors.indexOf('BTC')
    const moves = (s: number) =>
      design.factors.map((_, d) => design.sets[d]!.moves[design.points[s * width + d]!]!)
    const all = [...Array(design.count).keys()].map(moves)
    // First principal direction of [[1, 0.8], [0.8, 1]]: each moves √0.9 of its scan.
    expect(
      all.some(
        (m) =>
          Math.abs(m[eth]! + 0.15 * Math.sqrt(0.9)) < 1e-12 &&
          Math.abs(m[btc]! + 0.12 * Math.sqrt(0.9)) < 1e-12,
      ),
    ).toBe(true)
    // The crash and the crash with a stablecoin depeg, vol up.
    const crashes = [...Array(design.count).keys()].filter((s) => design.kinds[s] === 3).map(moves)
    expect(crashes).toContainEqual([-0.3, -0.12, -0.15, 0])
    expect(crashes).toContainEqual([-0.3, -0.12, -0.15, -0.02])
  })

  it('never moves a stablecoin above par', () => {
    for (let s = 0; s < design.count; s++) {
      expect(design.sets[USD]!.moves[design.points[s * width + USD]!]!).toBeLessThanOrEqual(0)
    }
  })
})

describe('the portfolio model under joint scenarios (issue 19)', () => {
  it('IM covers the book’s loss in every joint scenario the model lists (a book that owes something)', () => {
    // A book without liabilities requires no margin (issue 19; liabilities.test.ts: it stays
    // solvent in every listed scenario instead).
    fc.assert(
      fc.property(bookArbitrary, (positions) => {
        const book = prepareBook(positions)
        fc.pre(holdsLiability(book.positions))
        const report = run(positions)
        for (let s = 0; s < design.count; s++) {
          const loss = scenarioLoss(book, s)
          expect(report.breakdown.riskIm).toBeGreaterThanOrEqual(loss - tolerance(loss))
        }
        expect(report.initialMargin).toBeGreaterThanOrEqual(
          report.breakdown.riskIm - tolerance(report.initialMargin),
        )
      }),
      { numRuns: 150 },
    )
  })

  it('a vol-free scenario’s loss is the equity the book loses when its moves are applied as shocks', () => {
    fc.assert(
      fc.property(bookArbitrary, fc.nat(), (positions, pick) => {
        const volFree = [...Array(design.count).keys()].filter((s) =>
          design.factors.every((_, d) => design.sets[d]!.vols[design.points[s * width + d]!] === 0),
        )
        const s = volFree[pick % volFree.length]!
        const shocks = Object.fromEntries(
          design.factors.map((factor, d) => [
            factor,
            { spot: design.sets[d]!.moves[design.points[s * width + d]!]! },
          ]),
        )
        const before = run(positions)
        const after = run(positions, shocks)
        const loss = -(after.equity - before.equity)
        const ours = scenarioLoss(prepareBook(positions), s)
        expect(Math.abs(ours - loss)).toBeLessThanOrEqual(1e-9 * Math.max(1, before.collateralValue))
      }),
      { numRuns: 150 },
    )
  })

  it('adding a position never lowers IM by more than the loss it removes in the worst joint scenario', () => {
    fc.assert(
      fc.property(bookArbitrary, positionArbitrary, (positions, extra) => {
        const before = run(positions)
        const after = run([...positions, { ...extra, id: `${extra.id}-added` }])
        const book = prepareBook([...positions, { ...extra, id: `${extra.id}-added` }])
        const s = bindingScenario(prepareBook(positions), before)
        // What the added position gains in the book's binding scenario (0 if none binds).
        const removed = s < 0 ? 0 : Math.max(0, before.breakdown.riskIm - scenarioLoss(book, s))
        expect(after.breakdown.riskIm).toBeGreaterThanOrEqual(
          before.breakdown.riskIm - removed - tolerance(before.breakdown.riskIm),
        )
        // Haircuts and contingencies other than the basis netting never fall when a position is added.
        const basisFree = [...positions, extra].every(
          (p) => !['wstETH', 'WBTC', 'USDT', 'USDC.e'].includes(p.asset),
        )
        if (basisFree) {
          expect(after.initialMargin).toBeGreaterThanOrEqual(
            before.initialMargin - removed - tolerance(before.initialMargin),
          )
        }
      }),
      { numRuns: 200 },
    )
  })

  it('the strangle-plus-BTC book needs at least its joint-crash loss (ETH −15% vol up, BTC −12%)', () => {
    // Issue 19: under the correlation offset, adding this strangle to 0.25 WBTC + 3,180 USDC
    // lowered IM by 433.99 (its +100% ETH tail netted against BTC's worst down move).
    const base = [spot('WBTC', 0.25), spot('USDC', 3_180, { decimals: 6 })]
    const strangle = [
      option('ETH', -1, 'put', 2_500, 30, { chainId: 8453 }),
      option('ETH', -1, 'call', 3_500, 30, { chainId: 8453 }),
    ]
    const book = [...base, ...strangle]
    const report = run(book)
    // 30 days: m = 1, vol up ×(1 + 0.5) = a +50% relative vol shock.
    const crash = run(book, { ETH: { spot: -0.15, vol: 0.5 }, BTC: { spot: -0.12 } })
    const crashLoss = report.equity - crash.equity
    expect(crashLoss).toBeGreaterThan(0)
    expect(report.breakdown.riskIm).toBeGreaterThanOrEqual(crashLoss - tolerance(crashLoss))
    expect(report.initialMargin).toBeGreaterThanOrEqual(crashLoss)
    // Writing the strangle never lowers the margin of the book it is added to.
    expect(report.initialMargin).toBeGreaterThan(run(base).initialMargin)
  })

  it('a perfectly hedged collateral pays only its liquidation cost (its haircut)', () => {
    // Hedged by a short perp (which pays its own 1% notional contingency) or by a debt of the same
    // asset (which pays nothing): the book's IM is the haircut plus the hedge's own charge.
    fc.assert(
      fc.property(
        fc.constantFrom('WETH', 'ETH', 'BTC'),
        fc.double({ min: 0.01, max: 300, noNaN: true }),
        fc.constantFrom(1, 10, 42161),
        fc.boolean(),
        fc.constantFrom('perp', 'debt'),
        (asset, amount, chainId, supplied, by) => {
          const units = asset === 'BTC' ? amount / 20 : amount
          const mark = asset === 'BTC' ? 60_000 : 3_000
          const collateral = supplied ? supply(asset, units, { chainId }) : spot(asset, units, { chainId })
          const hedge =
            by === 'perp'
              ? perp(asset === 'BTC' ? 'BTC' : 'ETH', -units, mark, { chainId: 42161, id: 'hedge' })
              : debt(asset, units, { chainId, id: 'hedge' })
          const report = run([collateral, hedge])
          const leg = report.positions.find((p) => p.id === collateral.id)!
          expect(report.breakdown.riskIm).toBeLessThanOrEqual(tolerance(report.equity))
          expect(Math.abs(leg.riskIm)).toBeLessThanOrEqual(tolerance(report.equity))
          expect(leg.contingencyIm).toBe(0)
          expect(leg.initialMargin).toBeCloseTo(leg.haircutIm, 9)
          // The haircut is the liquidation cost: WETH/ETH 1%, BTC 1.5% (first tier), no price risk.
          expect(leg.haircutIm / leg.value).toBeCloseTo(asset === 'BTC' ? 0.015 : 0.01, 12)
          const notional = units * mark
          const hedgeCharge = by === 'perp' ? notional * 0.01 : 0
          expect(report.initialMargin).toBeCloseTo(leg.haircutIm + hedgeCharge, 6)
        },
      ),
      { numRuns: 200 },
    )
  })

  it('charges no risk for a stablecoin rising above par, and gives it no liquidation price above', () => {
    // 1 WETH against a 2,600 USDC debt: a USDC rise would hurt, a depeg helps. The binding
    // scenario is ETH −15% (450), never USD up; no USD liquidation price above par.
    const positions = [supply('WETH', 1), debt('USDC', 2_600, { decimals: 6 })]
    const report = computeMargin({ positions, prices: PRICES, volatilities: VOLATILITIES, now: NOW })
    expect(report.breakdown.riskIm).toBeCloseTo(450, 9)
    const usd = report.liquidationPrices.find((l) => l.factor === 'USD')!
    expect(usd.above).toBeNull()
    // A book short USD alone (USDC debt against ETH collateral fully hedged by a perp) pays no USD risk.
    const hedged = run([
      supply('WETH', 1),
      perp('ETH', -1, 3_000, { chainId: 42161 }),
      debt('USDC', 1_000, { decimals: 6 }),
    ])
    expect(hedged.breakdown.riskIm).toBe(0)
  })
})

describe('designIndices', () => {
  it('finds each book factor in the design, in sorted order or not, and rejects an unknown one', () => {
    const book = prepareBook([spot('WETH', 1), debt('USDC', 100, { decimals: 6 }), perp('BTC', 1, 60_000)])
    expect(book.factors).toEqual(['BTC', 'ETH', 'USD'])
    const sorted = designIndices(book, design)
    expect(sorted).toEqual(['BTC', 'ETH', 'USD'].map((f) => design.factors.indexOf(f)))
    expect(designIndices({ ...book, factors: ['USD', 'BTC'] }, design)).toEqual([sorted[2], sorted[0]])
    expect(() => designIndices({ ...book, factors: ['ETH', 'DOGE'] }, design)).toThrow(
      'factor DOGE is not in the risk parameters',
    )
  })
})
