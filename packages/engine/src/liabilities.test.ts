import type { Position } from '@xmargin/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { computeMargin } from './compute-margin.js'
import { holdsLiability, isLiability } from './liabilities.js'
import { stressScenarios, stressTest } from './stress-test.js'
import { design, designScenarioPnl, prepareBook, tolerance } from './testing/design-scenarios.js'
import {
  bookArbitrary,
  collateralArbitrary,
  debt,
  NOW,
  option,
  owesSomething,
  PRICES,
  perp,
  spot,
  supply,
  VOLATILITIES,
} from './testing/fixtures.js'
import { whatIf } from './what-if.js'

function run(positions: readonly Position[], liquidationPrices = false) {
  return computeMargin({
    positions,
    prices: PRICES,
    volatilities: VOLATILITIES,
    now: NOW,
    liquidationPrices,
  })
}

/** Books without liabilities: collateral of every kind, and bought options (size ≥ 0). */
const liabilityFreeArbitrary = fc
  .array(
    fc.oneof(
      collateralArbitrary,
      fc
        .record({
          size: fc.double({ min: 0, max: 20, noNaN: true }),
          right: fc.constantFrom<'call' | 'put'>('call', 'put'),
          moneyness: fc.double({ min: 0.7, max: 1.3, noNaN: true }),
          days: fc.integer({ min: 1, max: 120 }),
        })
        .map(({ size, right, moneyness, days }) =>
          option('ETH', size, right, Math.round(3000 * moneyness), days, { chainId: 8453 }),
        ),
    ),
    { minLength: 1, maxLength: 8 },
  )
  .map((positions) => positions.map((p, i) => ({ ...p, id: `${p.id}-${i}` }) as Position))

/** A custom stress: any move of each crypto factor down to −95% and up to +200%, vol ±. */
const shockArbitrary = fc.record({
  ETH: fc.record({
    spot: fc.double({ min: -0.95, max: 2, noNaN: true }),
    vol: fc.double({ min: -0.5, max: 2, noNaN: true }),
  }),
  BTC: fc.record({ spot: fc.double({ min: -0.95, max: 2, noNaN: true }) }),
  ARB: fc.record({ spot: fc.double({ min: -0.95, max: 2, noNaN: true }) }),
  USD: fc.record({ spot: fc.double({ min: -0.5, max: 0, noNaN: true }) }),
})

describe('isLiability() / holdsLiability()', () => {
  it('marks debt, every perp (long or short) and written options; not spot, supply or bought options', () => {
    const book = prepareBook([
      spot('WETH', 1),
      supply('USDC', 100, { decimals: 6 }),
      option('ETH', 1, 'call', 3000, 30, { id: 'bought' }),
      debt('USDC', 100, { decimals: 6 }),
      perp('ETH', 1, 3000, { id: 'long-perp' }),
      perp('ETH', -1, 3000, { id: 'short-perp' }),
      option('ETH', -1, 'put', 2500, 30, { id: 'written' }),
    ])
    const marked = book.positions
      .filter((p) => isLiability(p.position))
      .map((p) => p.position.kind + (p.quantity < 0 ? '-' : '+'))
    expect(marked.sort()).toEqual(['debt-', 'option-', 'perp+', 'perp-'])
    const free = book.positions.flatMap((p, i) => (isLiability(p.position) ? [] : [i]))
    expect(holdsLiability(book.positions)).toBe(true)
    expect(holdsLiability(book.positions, free)).toBe(false)
    expect(holdsLiability([])).toBe(false)
  })

  it('agrees with the rule restated on raw positions for any book', () => {
    fc.assert(
      fc.property(bookArbitrary, (positions) => {
        expect(holdsLiability(prepareBook(positions).positions)).toBe(owesSomething(positions))
      }),
      { numRuns: 300 },
    )
  })
})

describe('a book without liabilities requires no margin (issue 19)', () => {
  it('IM = MM = 0, every charge 0, health unbounded, no liquidation price, under any listed scenario solvent', () => {
    fc.assert(
      fc.property(liabilityFreeArbitrary, (positions) => {
        const report = run(positions, true)
        expect(report.initialMargin).toBe(0)
        expect(report.maintenanceMargin).toBe(0)
        expect(Object.values(report.breakdown).every((x) => x === 0)).toBe(true)
        for (const p of report.positions) {
          expect([p.haircutIm, p.riskIm, p.contingencyIm, p.initialMargin, p.maintenanceMargin]).toEqual([
            0, 0, 0, 0, 0,
          ])
        }
        expect(report.worstScenarios.every((w) => w.loss === 0)).toBe(true)
        expect(report.health).toBe(Number.POSITIVE_INFINITY)
        expect(report.status).toBe('HEALTHY')
        for (const l of report.liquidationPrices) expect([l.below, l.above]).toEqual([null, null])
        for (const b of report.basisLiquidations) expect([b.below, b.above]).toEqual([null, null])
        expect(report.isolated.initialMargin).toBe(0)
        // Never liquidatable: in every scenario the model lists, E after the move stays ≥ MM = 0.
        const book = prepareBook(positions)
        for (let s = 0; s < design.count; s++) {
          const after = report.equity + designScenarioPnl(book, s)
          expect(after).toBeGreaterThanOrEqual(-tolerance(report.equity))
        }
      }),
      { numRuns: 200 },
    )
  })

  it('is never liquidatable under stress, named or custom, and stress still reports its P&L', () => {
    fc.assert(
      fc.property(liabilityFreeArbitrary, shockArbitrary, (positions, shocks) => {
        for (const scenario of [
          ...(Object.keys(stressScenarios) as (keyof typeof stressScenarios)[]),
          { name: 'custom', shocks },
        ]) {
          const result = stressTest({
            positions,
            prices: PRICES,
            volatilities: VOLATILITIES,
            now: NOW,
            scenario,
          })
          expect(result.after.initialMargin).toBe(0)
          expect(result.after.maintenanceMargin).toBe(0)
          expect(result.after.status).not.toBe('LIQUIDATABLE')
          expect(result.after.health).toBe(Number.POSITIVE_INFINITY)
          expect(result.delta.equity).toBe(result.after.equity - result.before.equity)
        }
      }),
      { numRuns: 60 },
    )
    // The P&L is the book's own: 10 WETH in a crypto crash (ETH −35%) loses 10,500.
    const crash = stressTest({
      positions: [spot('WETH', 10)],
      prices: PRICES,
      now: NOW,
      scenario: 'crypto-crash',
    })
    expect(crash.delta.equity).toBeCloseTo(-10_500, 6)
    expect(crash.after.initialMargin).toBe(0)
  })

  it('stale data still makes it UNKNOWN (the freshness rules are unchanged)', () => {
    const stale = computeMargin({
      positions: [spot('WETH', 10)],
      prices: PRICES.map((p) => ({ ...p, updatedAt: NOW - 7200 })),
      now: NOW,
    })
    expect(stale.status).toBe('UNKNOWN')
    expect(stale.statusReasons).toEqual(['stale-price:WETH@1'])
    expect(stale.initialMargin).toBe(0)
  })

  it('what-if: adding a liability brings the whole model back; removing the last one takes it away', () => {
    const usdc = spot('USDC', 5_000, { decimals: 6 })
    const long = perp('ETH', 10, 3000, { chainId: 42161, id: 'long' })
    const common = { prices: PRICES, volatilities: VOLATILITIES, now: NOW }
    const added = whatIf({ ...common, positions: [usdc], add: [long] })
    expect(added.before.initialMargin).toBe(0)
    expect(added.after.initialMargin).toBeGreaterThan(0)
    expect(added.after.health).toBeLessThan(Number.POSITIVE_INFINITY)
    const removed = whatIf({ ...common, positions: [usdc, long], remove: ['long'] })
    expect(removed.after.initialMargin).toBe(0)
    expect(removed.after.health).toBe(Number.POSITIVE_INFINITY)
    expect(removed.delta.initialMargin).toBe(-removed.before.initialMargin)
  })
})

describe('a book with a liability is margined in full', () => {
  it('the levered long perp account (10 ETH long, 30,000 notional, on 5,000 USDC) needs at least its worst listed loss', () => {
    // The account the reverted scenario gate let off at IM 0 (its collateral covered each listed
    // scenario). Worst listed loss: the crash with a depeg, ETH −15% (4,500) with USD −2% (100 on
    // 5,000 USDC): K = 4,600 (ETH's tails weigh in lower: −66% · 30,000 · 0.9 · 15% / 66% = 4,050).
    // IM = H (0.2% of 5,000 = 10) + K 4,600 + C (1% of 30,000 notional = 300) = 4,910.
    const positions = [
      spot('USDC', 5_000, { decimals: 6 }),
      perp('ETH', 10, 3000, { chainId: 42161, id: 'long' }),
    ]
    const report = run(positions, true)
    const book = prepareBook(positions)
    let worst = 0
    for (let s = 0; s < design.count; s++)
      worst = Math.max(worst, -design.weights[s]! * designScenarioPnl(book, s))
    expect(worst).toBeCloseTo(4_600, 6)
    expect(report.breakdown.riskIm).toBeCloseTo(worst, 9)
    expect(report.initialMargin).toBeCloseTo(10 + 4_600 + 300, 6)
    expect(report.initialMargin).toBeGreaterThanOrEqual(worst)
    expect(report.liquidationPrices.find((l) => l.factor === 'ETH')?.below).not.toBeNull()
  })

  it('any book with a liability: IM covers every listed scenario loss and the contributions sum to IM', () => {
    fc.assert(
      fc.property(bookArbitrary, (positions) => {
        fc.pre(owesSomething(positions))
        const report = run(positions)
        const book = prepareBook(positions)
        for (let s = 0; s < design.count; s++) {
          const loss = -design.weights[s]! * designScenarioPnl(book, s)
          expect(report.breakdown.riskIm).toBeGreaterThanOrEqual(loss - tolerance(loss))
        }
        let im = 0
        for (const p of report.positions) im += p.initialMargin
        expect(im).toBeCloseTo(report.initialMargin, 6)
      }),
      { numRuns: 200 },
    )
  })

  it('isolated buckets: a (chain, venue) bucket that owes nothing requires no margin; one that owes is margined alone', () => {
    // 10 WETH in a mainnet wallet, a USDC debt against WETH on Aave (chain 10).
    const positions = [
      spot('WETH', 10, { chainId: 1 }),
      supply('WETH', 2, { chainId: 10 }),
      debt('USDC', 3_000, { chainId: 10, decimals: 6 }),
    ]
    const report = computeMargin({ positions, prices: PRICES, volatilities: VOLATILITIES, now: NOW })
    const [wallet, aave] = report.isolated.buckets
    expect(wallet).toMatchObject({ chainId: 1, venue: 'wallet', initialMargin: 0, maintenanceMargin: 0 })
    const alone = run(positions.slice(1))
    expect(aave!.initialMargin).toBe(alone.initialMargin)
    expect(aave!.maintenanceMargin).toBe(alone.maintenanceMargin)
  })
})
