import { defaultRiskParameters, type Position } from '@xmargin/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { PreparedBook } from '../book.js'
import type { PriceImpact } from '../impact/price-impact.js'
import type { MarginModel } from '../models/model.js'
import { prepareInputs } from '../prepare-inputs.js'
import { borrowerPositions, borrowersBook, ethCurve, walletAddress } from '../testing/cascade-fixtures.js'
import { NOW, PRICES, spot } from '../testing/fixtures.js'
import { InvalidCascadeParametersError } from './errors.js'
import { simulatePortfolioCascade } from './portfolio-cascade.js'

/** A model to work by hand: IM 20% and MM 10% of the collateral's value. */
const tenTwenty: MarginModel = (book) => {
  const collateral = book.positions.reduce((s, p) => s + (p.collateral ? p.value : 0), 0)
  const zero = { haircutIm: 0, haircutMm: 0, riskIm: 0, riskMm: 0, contingencyIm: 0, contingencyMm: 0 }
  return {
    ...zero,
    initialMargin: 0.2 * collateral,
    maintenanceMargin: 0.1 * collateral,
    charges: book.positions.map(() => zero),
    worstScenarios: [],
  }
}

/** A market that takes every sale at an unmoved price: no price impact. */
function noImpact(): PriceImpact {
  const base = ethCurve(1)
  const market: PriceImpact = {
    source: base.source,
    sell: (amountIn) => ({ amountIn, amountOut: 0n, after: market }),
    price: () => base.price(),
  }
  return market
}

describe('simulatePortfolioCascade()', () => {
  it('liquidates a failing wallet just enough to restore its initial margin, at the reserve bonus (by hand)', () => {
    // Aave v3 WETH bonus 5%; IM 20% / MM 10% of collateral. 10 WETH, 22,000 USDC; ETH −20% → 2,400:
    //   C = 24,000, E = 2,000 < MM = 2,400. After repaying R: E' = 2,000 − 0.05R,
    //   IM' = 0.2·(24,000 − 1.05R) = 4,800 − 0.21R; E' = IM' at R = 2,800 / 0.16 = 17,500,
    //   seizing 18,375 USD = 7.65625 WETH; after: C' = 5,625, E' = IM' = 1,125.
    const book = borrowersBook([{ weth: 10, usdc: 22_000 }])
    const result = simulatePortfolioCascade({
      book,
      shock: { ETH: 0.8 },
      impact: { ETH: noImpact() },
      maxRounds: 10,
      model: tenTwenty,
    })
    expect(result.rounds).toHaveLength(2)
    expect(result.fixedPoint).toBe(true)
    const [call] = result.rounds[0]!.liquidations
    expect(call).toMatchObject({
      wallet: walletAddress(0),
      chainId: null,
      venue: null,
      full: false,
      badDebt: 0,
    })
    expect(call!.bonus).toBeCloseTo(0.05, 12)
    expect(call!.before).toEqual({ equity: 2000, initialMargin: 4800, maintenanceMargin: 2400 })
    expect(call!.repaidValue).toBeCloseTo(17_500, 1)
    expect(call!.repaidValue).toBeGreaterThanOrEqual(17_500 - 1e-6)
    expect(call!.seizedValue).toBeCloseTo(18_375, 1)
    expect(call!.seized).toEqual([
      expect.objectContaining({
        asset: 'WETH',
        chainId: 1,
        venue: 'aave-v3',
        quantity: expect.closeTo(7.65625, 5),
      }),
    ])
    expect(call!.after.equity).toBeCloseTo(1125, 1)
    expect(call!.after.equity).toBeGreaterThanOrEqual(call!.after.initialMargin)
    expect(call!.after.equity - call!.after.initialMargin).toBeLessThan(0.01)
    // Sold: what was seized, raw.
    expect(result.rounds[0]!.sales[0]!.amountIn).toBe(call!.seized[0]!.amount)
    expect(result.totals).toMatchObject({ liquidations: 1, walletsHit: 1, badDebt: 0 })
  })

  it('carries the forced sale to the next wallet and writes bad debt off once collateral is gone (by hand)', () => {
    // A: 10 WETH, 25,000 USDC; C: 10 WETH, 20,000 USDC; ETH −20% → 2,400; a curve of 90 WETH.
    // Round 1: A's E = −1,000 < MM: the largest repayment 24,000 / 1.05 = 22,857.14 leaves E' < IM'
    //   → full: all 10 WETH seized, 2,142.86 of debt left without collateral (bad debt). C's
    //   E = 4,000 ≥ MM = 2,400. Selling 10 WETH into 90: price × (90/100)² = 0.81 → 1,944.
    // Round 2: C's E = 19,440 − 20,000 < MM → full: 10 WETH for 18,514.29, bad debt 1,485.71.
    //   Selling 10 more: × (100/110)². Round 3: both fail with nothing to seize → unresolved.
    const book = borrowersBook([
      { weth: 10, usdc: 25_000 },
      { weth: 10, usdc: 20_000 },
    ])
    const result = simulatePortfolioCascade({
      book,
      shock: { ETH: 0.8 },
      impact: { ETH: ethCurve(90) },
      maxRounds: 10,
      model: tenTwenty,
    })
    expect(result.rounds.map((r) => r.liquidations.map((l) => l.wallet))).toEqual([
      [walletAddress(0)],
      [walletAddress(1)],
      [],
    ])
    const [one, two, three] = result.rounds
    expect(one!.liquidations[0]).toMatchObject({ full: true })
    expect(one!.liquidations[0]!.repaidValue).toBeCloseTo(24_000 / 1.05, 6)
    expect(one!.badDebt).toBeCloseTo(25_000 - 24_000 / 1.05, 6)
    expect(one!.sales[0]!.amountIn).toBe(10n ** 19n)
    expect(two!.prices.WETH).toBeCloseTo(1944, 6)
    expect(two!.liquidations[0]!.repaidValue).toBeCloseTo(19_440 / 1.05, 6)
    expect(two!.badDebt).toBeCloseTo(20_000 - 19_440 / 1.05, 6)
    expect(three!.prices.WETH).toBeCloseTo(1944 * (100 / 110) ** 2, 6)
    expect(three!.unresolved.map((u) => u.wallet)).toEqual([walletAddress(0), walletAddress(1)])
    expect(result.fixedPoint).toBe(true)
    expect(result.totals.badDebt).toBeCloseTo(45_000 - 43_440 / 1.05, 6)
    expect(result.totals.seizedValue).toBeCloseTo(24_000 + 19_440, 6)
    expect(result.totals.walletsHit).toBe(2)
  })

  it('keeps a wallet whose other chain covers its Aave account, which the same model per bucket liquidates', () => {
    // Aave (chain 1): 10 WETH, 25,000 USDC fails alone at ETH −20%; 10,000 USDC on Arbitrum covers it.
    const positions: Position[] = [
      ...borrowerPositions({ weth: 10, usdc: 25_000 }, 0),
      spot('USDC', 10_000, { chainId: 42161, wallet: walletAddress(0), decimals: 6 }),
    ]
    const { book } = prepareInputs({ positions, prices: PRICES, params: defaultRiskParameters, now: NOW })
    const run = (scope: 'wallet' | 'bucket') =>
      simulatePortfolioCascade({
        book,
        shock: { ETH: 0.8 },
        impact: { ETH: noImpact() },
        maxRounds: 5,
        scope,
      })
    expect(run('wallet').totals.liquidations).toBe(0)
    const isolated = run('bucket')
    expect(isolated.rounds[0]!.liquidations.map((l) => [l.chainId, l.venue])).toEqual([[1, 'aave-v3']])
  })

  it('rejects a round limit below 1 and a negative bonus', () => {
    const book = borrowersBook([{ weth: 1, usdc: 1 }])
    const impact = { ETH: noImpact() }
    expect(() => simulatePortfolioCascade({ book, shock: {}, impact, maxRounds: 0 })).toThrow(
      InvalidCascadeParametersError,
    )
    expect(() =>
      simulatePortfolioCascade({ book, shock: {}, impact, maxRounds: 1, defaultBonus: -0.1 }),
    ).toThrow(InvalidCascadeParametersError)
  })

  it('with no price impact, cross-chain portfolio margin liquidates no wallet that the same model per (chain, venue) bucket keeps', () => {
    // Holds because the portfolio model's maintenance margin is subadditive over a wallet's buckets
    // below the first haircut tier (max of a sum ≤ sum of maxima; haircuts and contingencies add up)
    // and equity adds up: a wallet whose every bucket is healthy is healthy. Without price impact
    // prices never move after the shock, so round 1 decides both regimes.
    const bucket = fc.record({
      chainId: fc.constantFrom(1, 42161),
      venue: fc.constantFrom('aave-v3' as const, 'morpho-blue' as const),
      weth: fc.double({ min: 0.5, max: 40, noNaN: true }),
      ltv: fc.double({ min: 0.3, max: 1, noNaN: true }),
      cash: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 30_000, noNaN: true })),
    })
    fc.assert(
      fc.property(
        fc.array(fc.array(bucket, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5 }),
        fc.double({ min: 0.6, max: 0.95, noNaN: true }),
        (wallets, shock) => {
          const positions = wallets.flatMap((buckets, w) =>
            buckets.flatMap((b, i) => {
              const usdc = Math.round(b.weth * 3000 * b.ltv)
              const [collateral, loan] = borrowerPositions(
                { weth: b.weth, usdc, venue: b.venue, chainId: b.chainId },
                w,
              )
              return [
                { ...collateral!, id: `${w}:${i}:weth` },
                { ...loan!, id: `${w}:${i}:usdc` },
                spot('USDC', Math.round(b.cash), {
                  id: `${w}:${i}:cash`,
                  chainId: b.chainId,
                  wallet: walletAddress(w),
                  decimals: 6,
                }),
              ] as Position[]
            }),
          )
          const { book } = prepareInputs({
            positions,
            prices: PRICES,
            params: defaultRiskParameters,
            now: NOW,
          })
          const hit = (scope: 'wallet' | 'bucket', b: PreparedBook) =>
            new Set(
              simulatePortfolioCascade({
                book: b,
                shock: { ETH: shock },
                impact: { ETH: noImpact(), USD: noImpact() },
                maxRounds: 5,
                scope,
              }).rounds.flatMap((r) => r.liquidations.map((l) => l.wallet)),
            )
          const unified = hit('wallet', book)
          const isolated = hit('bucket', book)
          for (const wallet of unified) expect(isolated.has(wallet)).toBe(true)
        },
      ),
      { numRuns: 60 },
    )
  })
})
