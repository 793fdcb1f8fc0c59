import type { Position, Price } from '@xmargin/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { computeMargin } from './compute-margin.js'
import type { MarginReport } from './report.js'
import { debt, NOW, PRICES, price, spot, supply, VOLATILITIES } from './testing/fixtures.js'

function run(positions: readonly Position[], prices: readonly Price[] = PRICES): MarginReport {
  return computeMargin({ positions, prices, volatilities: VOLATILITIES, now: NOW, isolated: false })
}

/** The fixture prices with one asset's price set on every chain (a basis move, nothing else). */
function withAssetPrice(asset: string, value: number): Price[] {
  return PRICES.map((p) => (p.asset === asset ? price(asset, value, p.chainId) : p))
}

const surplus = (r: MarginReport) => r.equity - r.maintenanceMargin

describe('unified liquidation prices: basis pairs', () => {
  // 10 wstETH (3,500) supplied against 10 WETH (3,000) of debt: an eMode loop. ETH moving as a
  // whole scales the whole book and never brings E below MM; wstETH falling alone against ETH does.
  const loop = [supply('wstETH', 10, { venue: 'aave-v3' }), debt('WETH', 10)]

  it('moves wstETH alone against ETH where the factor search finds nothing (the eMode loop)', () => {
    const report = run(loop)
    expect(report.liquidationPrices.find((l) => l.factor === 'ETH')?.below ?? null).toBeNull()
    expect(report.basisLiquidations).toHaveLength(1)
    const basis = report.basisLiquidations[0]!
    expect(basis).toMatchObject({ asset: 'wstETH', factor: 'ETH', spot: 3500 })
    expect(basis.below).not.toBeNull()
    // Recomputed from prices (a separate path: the feeds themselves moved), E = MM at the price.
    const at = run(loop, withAssetPrice('wstETH', basis.below!))
    expect(Math.abs(surplus(at))).toBeLessThan(1e-6 * at.equity + 1e-6)
    // Just above it the book is not liquidatable, just below it is.
    expect(surplus(run(loop, withAssetPrice('wstETH', basis.below! * 1.001)))).toBeGreaterThan(0)
    expect(surplus(run(loop, withAssetPrice('wstETH', basis.below! * 0.999)))).toBeLessThan(0)
  })

  it('finds no crossing for the devnet emode-loop wallet, whose borrowed WETH stays in the wallet', () => {
    // 10 wstETH supplied, 8 WETH borrowed and kept, 0.5 ETH on each of three chains (E 39,500,
    // MM 6,072.50). With wstETH at nothing E = 4,500 against an MM of a few hundred: the unified
    // line never crosses on the basis, while Aave, seeing the account alone, liquidates at −28%.
    const wallet = [
      supply('wstETH', 10, { venue: 'aave-v3' }),
      debt('WETH', 8),
      spot('WETH', 8),
      ...[1, 10, 42161].map((chainId) => spot('ETH', 0.5, { chainId })),
    ]
    const report = run(wallet)
    expect(report.maintenanceMargin).toBeCloseTo(6_072.5, 6)
    expect(report.basisLiquidations).toEqual([
      { asset: 'wstETH', factor: 'ETH', spot: 3500, below: null, above: null },
    ])
    expect(surplus(run(wallet, withAssetPrice('wstETH', 1e-3)))).toBeGreaterThan(0)
  })

  it('gives no basis pair for an asset alone in its factor, and none above par for a stable factor', () => {
    expect(run([supply('wstETH', 10), debt('USDC', 20_000, { decimals: 6 })]).basisLiquidations).toEqual([])
    // USDC.e collateral against USDC debt: a USDC.e depeg liquidates it, USDC.e above par does not.
    const stable = run([
      spot('USDC.e', 10_500, { chainId: 42161, decimals: 6 }),
      debt('USDC', 10_000, { chainId: 42161, decimals: 6 }),
    ])
    expect(stable.basisLiquidations).toHaveLength(1)
    expect(stable.basisLiquidations[0]).toMatchObject({ asset: 'USDC.e', factor: 'USD', above: null })
    expect(stable.basisLiquidations[0]!.below).toBeLessThan(1)
  })

  it('is not solved when liquidation prices are off', () => {
    const report = computeMargin({ positions: loop, prices: PRICES, now: NOW, liquidationPrices: false })
    expect(report.basisLiquidations).toEqual([])
  })

  it('lands on E = MM recomputed from moved feeds, for any wstETH loop (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 50, noNaN: true }),
        fc.double({ min: 0.3, max: 0.97, noNaN: true }),
        fc.double({ min: 0, max: 20_000, noNaN: true }),
        (wsteth, ltv, usdc) => {
          // Debt in WETH worth `ltv` of the wstETH, plus some USDC collateral.
          const book = [
            supply('wstETH', wsteth, { venue: 'aave-v3' }),
            debt('WETH', (wsteth * 3500 * ltv) / 3000),
            spot('USDC', usdc, { decimals: 6 }),
          ]
          const report = run(book)
          const basis = report.basisLiquidations[0]!
          expect(basis.asset).toBe('wstETH')
          if (surplus(report) <= 0 || basis.below === null) return
          expect(basis.below).toBeLessThan(3500)
          const at = run(book, withAssetPrice('wstETH', basis.below))
          expect(Math.abs(surplus(at))).toBeLessThan(1e-6 * Math.max(1, report.equity))
          // Between spot and the liquidation price the book stays above the line.
          const mid = run(book, withAssetPrice('wstETH', (3500 + basis.below) / 2))
          expect(surplus(mid)).toBeGreaterThan(0)
        },
      ),
      { numRuns: 60 },
    )
  })
})
