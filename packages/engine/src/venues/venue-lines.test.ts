import {
  type AaveReserveContext,
  defaultRiskParameters,
  type Position,
  type RiskParameters,
} from '@xmargin/core'
import { describe, expect, it } from 'vitest'
import { computeMargin } from '../compute-margin.js'
import { debt, NOW, option, PRICES, perp, price, spot, supply, VOLATILITIES } from '../testing/fixtures.js'

const weth: AaveReserveContext = {
  ltv: 8000,
  liquidationThreshold: 8250,
  eModeCategory: 1,
  userEModeCategory: 0,
}
const usdc: AaveReserveContext = {
  ltv: 7700,
  liquidationThreshold: 8000,
  eModeCategory: 0,
  userEModeCategory: 0,
}
/** The ETH-correlated eMode category: 93% LTV, 95% threshold. */
const eMode = { userEModeCategory: 1, eModeLtv: 9300, eModeLiquidationThreshold: 9500 }

function aave(position: Position, context: AaveReserveContext): Position {
  return { ...position, aave: context } as Position
}

function report(positions: Position[]) {
  return computeMargin({ positions, prices: PRICES, volatilities: VOLATILITIES, now: NOW })
}

describe('venue lines: Aave v3', () => {
  it('gives the account its own health factor and liquidation price, and binds the status to it', () => {
    // 10 WETH at 3,000 · 82.5% = 24,750 against 24,000 USDC: HF 1.03125; liquidates at 24,000 / 8.25 = 2,909.09.
    const r = report([
      aave(supply('WETH', 10, { chainId: 42161 }), weth),
      aave(debt('USDC', 24_000, { chainId: 42161, decimals: 6 }), usdc),
      spot('WETH', 100, { chainId: 1 }),
    ])
    const line = r.venues.find((v) => v.rule === 'aave-v3')!
    expect(line.health).toBe(1.03125)
    expect(line.aave?.healthFactor).toBe(1_031_250_000_000_000_000n)
    expect(line.liquidatable).toBe(false)
    expect(line.liquidationPrices[0]?.below).toBeCloseTo(24_000 / 8.25, 4)
    // The unified figure has 100 WETH more (on chain 1): it shows no ETH liquidation price at all.
    expect(r.liquidationPrices.find((l) => l.factor === 'ETH')?.below ?? null).toBeLessThan(1_000)
    expect(r.bindingVenue).toMatchObject({ rule: 'aave-v3', chainId: 42161, factor: 'ETH', kind: 'factor' })
    expect(r.bindingVenue?.move).toBeCloseTo(24_000 / 8.25 / 3000 - 1, 9)
    expect(r.status).toBe('HEALTHY')
  })

  it('is LIQUIDATABLE when the venue is, whatever the unified figure, and names the collateral that restores it', () => {
    // 24,800 USDC debt: HF = 24,750 / 24,800 = 0.99798.
    const r = report([
      aave(supply('WETH', 10, { chainId: 42161 }), weth),
      aave(debt('USDC', 24_800, { chainId: 42161, decimals: 6 }), usdc),
      spot('WETH', 100, { chainId: 1 }),
    ])
    expect(r.equity).toBeGreaterThan(r.initialMargin)
    expect(r.venueStatus).toBe('LIQUIDATABLE')
    expect(r.status).toBe('LIQUIDATABLE')
    const line = r.venues[0]!
    expect(line.liquidatable).toBe(true)
    // (24,800 − 24,750) / 0.825 = 60.61 USD of WETH, i.e. 0.0202 WETH, to chain 42161.
    expect(line.restore).toMatchObject({ chainId: 42161, asset: 'WETH' })
    expect(line.restore?.value).toBeCloseTo(50 / 0.825, 6)
    expect(line.restore?.quantity).toBeCloseTo(50 / 0.825 / 3000, 9)
    const restored = report([
      aave(supply('WETH', 10 + line.restore!.quantity + 1e-9, { chainId: 42161 }), weth),
      aave(debt('USDC', 24_800, { chainId: 42161, decimals: 6 }), usdc),
      spot('WETH', 100, { chainId: 1 }),
    ])
    expect(restored.venues[0]?.liquidatable).toBe(false)
    expect(restored.bindingVenue?.move).toBeCloseTo(0, 6)
    expect(r.bindingVenue).toMatchObject({ rule: 'aave-v3', move: 0 })
  })

  it('moves the basis pair: an eMode wstETH loop against WETH debt liquidates when wstETH falls against ETH', () => {
    // 10 wstETH at 3,500 in eMode (95%) = 33,250 against 10 WETH debt (30,000): HF 1.108.
    // ETH moving as a whole never liquidates it; wstETH alone at 30,000 / 9.5 = 3,157.89 does (−9.8%).
    const r = report([
      aave(supply('wstETH', 10), { ...weth, liquidationThreshold: 7900, ltv: 7000, ...eMode }),
      aave(debt('WETH', 10), { ...weth, ...eMode }),
    ])
    const line = r.venues[0]!
    expect(line.health).toBeCloseTo(33_250 / 30_000, 4)
    expect(line.liquidationPrices[0]?.below ?? null).toBeNull()
    expect(line.basisLiquidations).toHaveLength(1)
    expect(line.basisLiquidations[0]).toMatchObject({ asset: 'wstETH', factor: 'ETH', spot: 3500 })
    expect(line.basisLiquidations[0]?.below).toBeCloseTo(30_000 / 9.5, 3)
    expect(r.bindingVenue).toMatchObject({ kind: 'basis', asset: 'wstETH' })
    expect(r.bindingVenue?.move).toBeCloseTo(30_000 / 9.5 / 3500 - 1, 6)
  })
})

describe('venue lines: stablecoins', () => {
  it('give no venue liquidation price above par for a stable factor (a stablecoin only depegs downward)', () => {
    const positions = [
      aave(supply('WETH', 10, { chainId: 42161 }), weth),
      aave(debt('USDC', 24_000, { chainId: 42161, decimals: 6 }), usdc),
    ]
    const usdAbove = (params?: RiskParameters) =>
      computeMargin({ positions, prices: PRICES, now: NOW, params }).venues[0]!.liquidationPrices.find(
        (l) => l.factor === 'USD',
      )!.above
    // USDC debt rising 3.1% against the WETH liquidates the account under Aave's own rule.
    expect(usdAbove()).toBeCloseTo(1.03125, 6)
    const USD = { ...defaultRiskParameters.factors.USD!, stable: true } as RiskParameters['factors'][string]
    expect(
      usdAbove({ ...defaultRiskParameters, factors: { ...defaultRiskParameters.factors, USD } }),
    ).toBeNull()
  })
})

describe('venue lines: Morpho Blue', () => {
  it('evaluates each market with its LLTV', () => {
    // 5 WETH at 3,000 · 86% = 12,900 against 10,000 USDC: health 1.29; liquidates at 10,000 / (5 · 0.86) = 2,325.58.
    const market = { market: '0xaa', lltv: 860_000_000_000_000_000n }
    const other = { market: '0xbb', lltv: 945_000_000_000_000_000n }
    const r = report([
      { ...supply('WETH', 5, { venue: 'morpho-blue', id: 'c1' }), morpho: market } as Position,
      {
        ...debt('USDC', 10_000, { venue: 'morpho-blue', decimals: 6, id: 'd1' }),
        morpho: market,
      } as Position,
      { ...supply('WETH', 1, { venue: 'morpho-blue', id: 'c2' }), morpho: other } as Position,
    ])
    const lines = r.venues.filter((v) => v.rule === 'morpho-blue')
    expect(lines.map((l) => l.market)).toEqual(['0xaa', '0xbb'])
    expect(lines[0]?.health).toBeCloseTo(1.29, 12)
    expect(lines[0]?.liquidationPrices[0]?.below).toBeCloseTo(10_000 / 4.3, 6)
    expect(lines[1]?.health).toBe(Number.POSITIVE_INFINITY)
    expect(r.bindingVenue).toMatchObject({ rule: 'morpho-blue', market: '0xaa' })
  })
})

describe('venue lines: Perp v2', () => {
  it('liquidates a short at its maintenance margin ratio on account value', () => {
    // 10,000 USDC in the vault, short 10 ETH at 3,000: account value 10,000 − 10·(S − 3,000) = 0.0625 · 10 · S
    // → S = 40,000 / 10.625 = 3,764.71 (+25.5%).
    const r = report([
      spot('USDC', 10_000, { venue: 'perp', chainId: 42161, decimals: 6 }),
      perp('ETH', -10, 3000, { chainId: 42161 }),
      spot('WETH', 10, { chainId: 1 }),
    ])
    const line = r.venues.find((v) => v.rule === 'perp-v2')!
    expect(line.requirement).toBeCloseTo(1_875, 9)
    expect(line.health).toBeCloseTo(10_000 / 1_875, 9)
    expect(line.liquidationPrices[0]?.above).toBeCloseTo(40_000 / 10.625, 4)
    expect(r.bindingVenue).toMatchObject({ rule: 'perp-v2', factor: 'ETH' })
    expect(r.status).toBe('HEALTHY')
  })
})

describe('venue lines: the options venue', () => {
  it("checks posted collateral against the venue's short requirement and reports a breach without liquidation", () => {
    // Written 10 calls K 3,300 at S 3,000: (0 + 450) · 10 = 4,500; 10 puts K 2,700: 450 · 10 = 4,500.
    const book = (collateral: number) => [
      spot('USDC', collateral, { venue: 'options', chainId: 8453, decimals: 6 }),
      option('ETH', -10, 'call', 3300, 30, { chainId: 8453 }),
      option('ETH', -10, 'put', 2700, 30, { chainId: 8453 }),
      spot('USDC', 50_000, { chainId: 1, decimals: 6 }),
    ]
    const ok = computeMargin({
      positions: book(9_000),
      prices: [...PRICES, price('ETH', 3000, 8453), price('USDC', 1, 8453)],
      volatilities: VOLATILITIES,
      now: NOW,
    })
    const line = ok.venues.find((v) => v.rule === 'options')!
    expect(line.requirement).toBeCloseTo(9_000, 6)
    expect(line.liquidatable).toBe(false)
    expect(line.liquidates).toBe(false)
    const short = computeMargin({
      positions: book(8_999),
      prices: [...PRICES, price('ETH', 3000, 8453), price('USDC', 1, 8453)],
      volatilities: VOLATILITIES,
      now: NOW,
    })
    expect(short.venueStatus).toBe('BREACHED')
    expect(short.status).toBe('WARNING')
    expect(short.venues.find((v) => v.rule === 'options')?.restore?.value).toBeCloseTo(1, 6)
    // A breach is not a liquidation: it never binds.
    expect(short.bindingVenue).toBeNull()
  })
})
