import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { borrowersBook, ethCurve, walletAddress } from '../testing/cascade-fixtures.js'
import { simulateCascade } from './cascade.js'
import { InvalidCascadeParametersError, MissingPriceImpactError } from './errors.js'

describe('simulateCascade()', () => {
  it('works a two-round cascade by hand, then stops at the fixed point', () => {
    // Aave v3 on chain 1, WETH threshold 82.5%, bonus 5%; WETH 3,000; an ETH curve of 40.5 WETH, no fee.
    // A: 10 WETH, 18,000 USDC. B: 10 WETH, 5,000 USDC. Shock ETH −30% → 2,100.
    // Round 1 at 2,100: A's HF = 10·2,100·0.825 / 18,000 = 0.9625 (> 0.95: close factor 50%)
    //   → repays 9,000 USDC, seizes 9,000·1.05 / 2,100 = 4.5 WETH (toxic? 18,000·1.05 < 21,000: no).
    //   B's HF = 17,325 / 5,000 = 3.47. Selling 4.5 WETH into 40.5: price × (40.5/45)² = 0.81 → 1,701.
    // Round 2 at 1,701: A has 5.5 WETH, 9,000 USDC: HF = 5.5·1,701·0.825 / 9,000 = 0.858 → 100%;
    //   9,000·1.05 / 1,701 = 5.556 WETH > 5.5 → seizes all 5.5, repays 5.5·1,701 / 1.05 = 8,910,
    //   bad debt 90 (toxic: 9,000·1.05 > 9,355.5). B's HF = 2.81. Selling 5.5 into 45:
    //   × (45/50.5)² → 1,350.7.
    // Round 3 at 1,350.7: A has no collateral left, B's HF = 2.23: nothing → fixed point.
    const book = borrowersBook([
      { weth: 10, usdc: 18_000 },
      { weth: 10, usdc: 5_000 },
    ])
    expect(book.factors).toContain('ETH')
    const result = simulateCascade({
      book,
      shock: { ETH: 0.7 },
      impact: { ETH: ethCurve(40.5) },
      maxRounds: 10,
    })
    expect(result.rounds).toHaveLength(3)
    expect(result.fixedPoint).toBe(true)
    const [one, two, three] = result.rounds
    expect(one!.multipliers.ETH).toBeCloseTo(0.7, 12)
    expect(one!.prices).toMatchObject({ WETH: expect.closeTo(2100, 6), USDC: 1 })
    expect(two!.prices.WETH).toBeCloseTo(1701, 6)
    expect(one!.liquidations).toHaveLength(1)
    const first = one!.liquidations[0]!
    expect(first).toMatchObject({ rule: 'aave-v3', chainId: 1, wallet: walletAddress(0), toxic: false })
    expect(first.repaid.quantity).toBeCloseTo(9000, 6)
    expect(first.seized.quantity).toBeCloseTo(4.5, 9)
    expect(one!.badDebt).toBe(0)
    expect(one!.sales[0]!.amountIn).toBe(4_500_000_000_000_000_000n)
    expect(two!.multipliers.ETH).toBeCloseTo(0.7 * 0.81, 9)
    const second = two!.liquidations[0]!
    expect(two!.liquidations).toHaveLength(1)
    expect(second.toxic).toBe(true)
    expect(second.seized.quantity).toBeCloseTo(5.5, 9)
    expect(second.repaid.quantity).toBeCloseTo(8910, 4)
    expect(two!.badDebt).toBeCloseTo(90, 4)
    expect(three!.liquidations).toHaveLength(0)
    expect(result.multipliers.ETH).toBeCloseTo(0.567 * (45 / 50.5) ** 2, 9)
    expect(result.prices.WETH).toBeCloseTo(1701 * (45 / 50.5) ** 2, 6)
    expect(result.totals).toMatchObject({ liquidations: 2, walletsHit: 1 })
    expect(result.totals.badDebt).toBeCloseTo(90, 4)
    expect(result.totals.byVenue).toEqual([
      expect.objectContaining({ rule: 'aave-v3', chainId: 1, liquidations: 2 }),
    ])
  })

  it('carries contagion across venues and chains: a Morpho sale liquidates an Aave account on Arbitrum', () => {
    // Morpho (chain 1): 5 WETH, 10,500 USDC, LLTV 86%. Aave (chain 42161): 10 WETH, 18,000 USDC.
    // Round 1, ETH −20% → 2,400: Morpho 10,500 > 5·2,400·0.86 = 10,320 → full liquidation, seizing
    //   10,500·LIF / 2,400 WETH, LIF = 1/(0.3·0.86 + 0.7) = 1/0.958. Aave's HF = 19,800 / 18,000 = 1.1.
    //   The curve holds 10× that sale, so the price falls by (10/11)² → 1,983.5.
    // Round 2: Aave's HF = 10·1,983.5·0.825 / 18,000 = 0.909 ≤ 0.95 → repays all 18,000, seizing
    //   18,000·1.05 / 1,983.5 = 9.53 WETH. Round 3: no debt left anywhere → fixed point.
    const book = borrowersBook([
      { weth: 5, usdc: 10_500, venue: 'morpho-blue' },
      { weth: 10, usdc: 18_000, chainId: 42161 },
    ])
    const morphoSeized = 10_500 / 0.958 / 2400
    const result = simulateCascade({
      book,
      shock: { ETH: 0.8 },
      impact: { ETH: ethCurve(Math.round(10 * morphoSeized * 1e6) / 1e6) },
      maxRounds: 10,
    })
    expect(result.rounds.map((r) => r.liquidations.map((l) => `${l.rule}@${l.chainId}`))).toEqual([
      ['morpho-blue@1'],
      ['aave-v3@42161'],
      [],
    ])
    expect(result.rounds[0]!.liquidations[0]!.seized.quantity).toBeCloseTo(morphoSeized, 9)
    const price2 = 2400 * (10 / 11) ** 2
    expect(result.rounds[1]!.multipliers.ETH! * 3000).toBeCloseTo(price2, 3)
    expect(result.rounds[1]!.liquidations[0]!.seized.quantity).toBeCloseTo((18_000 * 1.05) / price2, 5)
    expect(result.totals.byVenue.map((v) => [v.rule, v.chainId, v.liquidations])).toEqual([
      ['morpho-blue', 1, 1],
      ['aave-v3', 42161, 1],
    ])
    expect(result.totals).toMatchObject({ walletsHit: 2, badDebt: 0 })
  })

  it('liquidates a Morpho Blue market position in full in one call', () => {
    // LLTV 86%: 5 WETH at 2,100 hold 9,030 of borrowing; 9,500 USDC fails. LIF = 1/(0.3·0.86 + 0.7) = 1.0438.
    const book = borrowersBook([{ weth: 5, usdc: 9_500, venue: 'morpho-blue' }])
    const result = simulateCascade({
      book,
      shock: { ETH: 0.7 },
      impact: { ETH: ethCurve(1_000) },
      maxRounds: 5,
    })
    const [liquidation] = result.rounds[0]!.liquidations
    expect(liquidation).toMatchObject({ rule: 'morpho-blue', toxic: false })
    expect(liquidation!.repaid.quantity).toBeCloseTo(9_500, 6)
    expect(liquidation!.seized.quantity).toBeCloseTo((9_500 * (1 / (0.3 * 0.86 + 0.7))) / 2100, 9)
    expect(result.fixedPoint).toBe(true)
  })

  it('stops at maxRounds without claiming a fixed point', () => {
    const book = borrowersBook([{ weth: 10, usdc: 18_000 }])
    const result = simulateCascade({
      book,
      shock: { ETH: 0.7 },
      impact: { ETH: ethCurve(40.5) },
      maxRounds: 1,
    })
    expect(result.rounds).toHaveLength(1)
    expect(result.fixedPoint).toBe(false)
  })

  it('refuses to sell collateral without a price-impact model, and unknown factors', () => {
    const book = borrowersBook([{ weth: 10, usdc: 18_000 }])
    expect(() => simulateCascade({ book, shock: { ETH: 0.7 }, impact: {}, maxRounds: 3 })).toThrow(
      MissingPriceImpactError,
    )
    expect(() => simulateCascade({ book, shock: { DOGE: 0.7 }, impact: {}, maxRounds: 3 })).toThrow(
      InvalidCascadeParametersError,
    )
    expect(() => simulateCascade({ book, shock: {}, impact: {}, maxRounds: 0 })).toThrow(
      InvalidCascadeParametersError,
    )
  })

  const borrowers = fc.array(
    fc.record({
      weth: fc.double({ min: 0.5, max: 50, noNaN: true }),
      ltv: fc.double({ min: 0.3, max: 0.85, noNaN: true }),
      venue: fc.constantFrom('aave-v3' as const, 'morpho-blue' as const),
      chainId: fc.constantFrom(1, 42161),
    }),
    { minLength: 1, maxLength: 12 },
  )
  const toBook = (bs: { weth: number; ltv: number; venue: 'aave-v3' | 'morpho-blue'; chainId: number }[]) =>
    borrowersBook(bs.map((b) => ({ ...b, weth: round(b.weth), usdc: round(b.weth * 3000 * b.ltv) })))

  it('conserves collateral and debt: seized + remaining = before, repaid + remaining = before', () => {
    let liquidatedRuns = 0
    fc.assert(
      fc.property(borrowers, fc.double({ min: 0.3, max: 1, noNaN: true }), (bs, shock) => {
        const book = toBook(bs)
        const result = simulateCascade({
          book,
          shock: { ETH: shock },
          impact: { ETH: ethCurve(200) },
          maxRounds: 50,
        })
        const all = result.rounds.flatMap((r) => r.liquidations)
        const sum = (positions: typeof book.positions, asset: string) =>
          positions.filter((p) => p.position.asset === asset).reduce((s, p) => s + Math.abs(p.quantity), 0)
        const seized = all.reduce((s, l) => s + l.seized.quantity, 0)
        // Morpho Blue writes bad debt off in the call that takes the last collateral (USDC: 6 decimals).
        const repaid = all.reduce((s, l) => s + l.repaid.quantity + Number(l.writtenOff) / 1e6, 0)
        const scale = sum(book.positions, 'USDC')
        expect(seized + sum(result.book.positions, 'WETH')).toBeCloseTo(sum(book.positions, 'WETH'), 6)
        expect(Math.abs(repaid + sum(result.book.positions, 'USDC') - scale)).toBeLessThan(
          1e-9 * scale + 1e-6,
        )
        for (const p of result.book.positions)
          if (p.position.kind === 'debt') expect(p.quantity).toBeLessThanOrEqual(0)
          else expect(p.quantity).toBeGreaterThanOrEqual(0)
        if (all.length > 0) liquidatedRuns++
      }),
      { numRuns: 60 },
    )
    // The property is not vacuous: most runs liquidate something.
    expect(liquidatedRuns).toBeGreaterThan(10)
  })

  it('reaches a fixed point: running on from its result liquidates nothing', () => {
    let multiRound = 0
    fc.assert(
      fc.property(borrowers, fc.double({ min: 0.3, max: 1, noNaN: true }), (bs, shock) => {
        const first = simulateCascade({
          book: toBook(bs),
          shock: { ETH: shock },
          impact: { ETH: ethCurve(200) },
          maxRounds: 200,
        })
        expect(first.fixedPoint).toBe(true)
        if (first.rounds.length > 2) multiRound++
        const again = simulateCascade({
          book: first.book,
          shock: { ETH: first.multipliers.ETH! },
          impact: { ETH: ethCurve(200) },
          maxRounds: 1,
        })
        expect(again.totals.liquidations).toBe(0)
      }),
      { numRuns: 60 },
    )
    // Some runs are real cascades (liquidations in at least two rounds before the quiet one).
    expect(multiRound).toBeGreaterThan(0)
  })

  it('is monotone: a deeper shock never hits fewer wallets nor clears less debt (repaid + bad debt)', () => {
    fc.assert(
      fc.property(
        borrowers,
        fc.double({ min: 0.3, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        (bs, shock, deeper) => {
          const book = toBook(bs)
          const run = (s: number) =>
            simulateCascade({ book, shock: { ETH: s }, impact: { ETH: ethCurve(200) }, maxRounds: 200 })
          const shallow = run(shock)
          const deep = run(Math.max(0.01, shock - deeper))
          const hit = (r: typeof shallow) =>
            new Set(r.rounds.flatMap((x) => x.liquidations.map((l) => l.wallet)))
          for (const w of hit(shallow)) expect(hit(deep).has(w)).toBe(true)
          const cleared = (r: typeof shallow) => r.totals.repaidValue + r.totals.badDebt
          expect(cleared(deep)).toBeGreaterThanOrEqual(cleared(shallow) - 1e-6)
        },
      ),
      { numRuns: 60 },
    )
  })

  it('is not monotone in collateral seized: Aave seizes less when one 100% call replaces two', () => {
    // Shock 0.7: the hand-worked cascade above seizes all 10 WETH over two rounds (90 of bad debt).
    // Shock 0.66 → 1,980: HF = 19,800·0.825 / 18,000 = 0.9075 ≤ 0.95, so one call repays all 18,000
    // and seizes 18,000·1.05 / 1,980 = 9.545 WETH, leaving 0.455 WETH with the wallet.
    const book = borrowersBook([{ weth: 10, usdc: 18_000 }])
    const run = (s: number) =>
      simulateCascade({ book, shock: { ETH: s }, impact: { ETH: ethCurve(40.5) }, maxRounds: 10 })
    const seized = (r: ReturnType<typeof run>) =>
      r.rounds.flatMap((x) => x.liquidations).reduce((t, l) => t + l.seized.quantity, 0)
    expect(seized(run(0.7))).toBeCloseTo(10, 9)
    expect(seized(run(0.66))).toBeCloseTo((18_000 * 1.05) / 1980, 9)
    expect(run(0.66).totals.badDebt).toBe(0)
  })
})

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4
}
