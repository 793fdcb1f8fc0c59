import { defaultRiskParameters } from '@xmargin/core'
import { describe, expect, it } from 'vitest'
import { computeMargin } from './compute-margin.js'
import { debt, NOW, option, perp, price, spot, supply, VOLATILITIES } from './testing/fixtures.js'

const PRICES = [
  price('WETH', 3000, 1),
  price('ETH', 3000, 42161),
  price('ETH', 3000, 8453),
  price('WBTC', 60_000, 1),
  price('BTC', 60_000, 42161),
  price('USDC', 1, 1),
]

describe('computeMargin() worked examples', () => {
  it('nets a cross-chain hedge: 10 WETH on mainnet against a 10 ETH perp short on Arbitrum', () => {
    // E = 10 · 3000 = 30,000 (perp at entry: value 0).
    // H_im = 1% · 30,000 = 300; H_mm = 0.5% = 150 (WETH's liquidation cost, first tier, below $1M).
    // ETH exposure: +30,000 − 30,000 = 0 → every scenario PnL is 0 → K = 0.
    // C = perp notional 30,000 × 1% = 300 (MM 0.5% = 150).
    // IM = 300 + 0 + 300 = 600; MM = 150 + 0 + 150 = 300: the hedged collateral pays only its
    // liquidation cost.
    // Isolated: the wallet bucket owes nothing (10 WETH, no liability): 0; the perp bucket K 4,500
    // (+15%) + C 300 = 4,800; sum 4,800; capital saved 4,800 − 600 = 4,200.
    // Health = E / MM = 30,000 / 300 = 100.
    const report = computeMargin({
      positions: [spot('WETH', 10, { chainId: 1 }), perp('ETH', -10, 3000, { chainId: 42161 })],
      prices: PRICES,
      now: NOW,
    })
    // The unified figure is healthy (E ≥ IM), but the perp account itself holds no collateral:
    // Perp v2 liquidates it (account value 0 < 6.25% · 30,000 = 1,875), so the status says so.
    expect(report.equity).toBeGreaterThan(report.initialMargin)
    expect(report.venueStatus).toBe('LIQUIDATABLE')
    expect(report.status).toBe('LIQUIDATABLE')
    expect(report.venues.find((v) => v.rule === 'perp-v2')?.requirement).toBeCloseTo(1_875, 9)
    expect(report.equity).toBeCloseTo(30_000, 9)
    expect(report.initialMargin).toBeCloseTo(600, 9)
    expect(report.maintenanceMargin).toBeCloseTo(300, 9)
    expect(report.breakdown.riskIm).toBe(0)
    expect(report.isolated.buckets.map((b) => b.initialMargin)).toEqual([0, expect.closeTo(4_800, 9)])
    expect(report.isolated.initialMargin).toBeCloseTo(4_800, 9)
    expect(report.isolated.capitalSaved).toBeCloseTo(4_200, 9)
    expect(report.health).toBeCloseTo(100, 9)
    expect(report.freeCollateral).toBeCloseTo(29_400, 9)
  })

  it('combines long ETH and short BTC only in scenarios where both move (correlation 0.8)', () => {
    // Long 10 WETH (30,000) and short 0.5 BTC perp at 60,000 (notional 30,000).
    // Joint scenarios: ETH alone −15% → 4,500; BTC alone +12% → 3,600; the crash (ETH −15%, BTC
    // −12%) → 4,500 − 3,600 = 900; the first principal direction of [[1, 0.8], [0.8, 1]]
    // (λ = 1.8, v = (1, 1)/√2: each factor moves √0.9 = 0.9487 of its scan, ETH −14.23%, BTC
    // −11.38%) → 4,269 − 3,415 = 854; the second (λ = 0.2: ETH −4.74%, BTC +3.79%) → 1,423 + 1,138
    // = 2,561. K = 4,500 (ETH alone), against 8,100 for the two worst moves added up.
    // IM = H 300 + K 4,500 + C 300 = 5,100; MM = 150 + 0.8 · 4,500 + 150 = 3,900.
    // Euler: the binding scenario moves ETH only → WETH carries 4,500, the short BTC leg 0.
    const report = computeMargin({
      positions: [spot('WETH', 10), perp('BTC', -0.5, 60_000, { chainId: 42161 })],
      prices: PRICES,
      now: NOW,
    })
    const [btc, eth] = report.worstScenarios
    expect(eth).toMatchObject({ spotMove: -0.15, kind: 'grid' })
    expect(eth?.loss).toBeCloseTo(4_500, 9)
    expect(btc).toMatchObject({ spotMove: 0, loss: 0 })
    expect(report.breakdown.riskIm).toBeCloseTo(4_500, 9)
    expect(report.initialMargin).toBeCloseTo(5_100, 9)
    expect(report.maintenanceMargin).toBeCloseTo(3_900, 9)
    const weth = report.positions.find((p) => p.asset === 'WETH')!
    const short = report.positions.find((p) => p.asset === 'BTC')!
    expect(weth.riskIm).toBeCloseTo(4_500, 9)
    expect(short.riskIm).toBeCloseTo(0, 9)
    expect(weth.initialMargin + short.initialMargin).toBeCloseTo(report.initialMargin, 9)
  })

  it('margins a short strangle by its worst scenario, a +100% tail with vol up', () => {
    // Short 10 calls K = 3,300 and 10 puts K = 2,700, 30 days, σ = 60%, r = 0, S = 3,000; 20,000 USDC.
    // T = 30/365 = 0.082192, σ√T = 0.172015.
    // Call: d1 = (ln(3000/3300) + 0.172015²/2)/0.172015 = −0.46807, d2 = −0.64009,
    //       C = 3000·N(−0.46807) − 3300·N(−0.64009) = 3000·0.319869 − 3300·0.261059 = 98.108.
    // Put:  d1 = (ln(3000/2700) + 0.014795)/0.172015 = 0.69851, d2 = 0.52650,
    //       P = 2700·N(−0.52650) − 3000·N(−0.69851) = 2700·0.299271 − 3000·0.242432 = 80.747.
    // E = 20,000 − 10·(98.108 + 80.747) = 18,211.45.
    // Vol shock m = (30/30)^0.3 = 1: up σ·1.5 = 90%, down σ·0.7 = 42%.
    // Grid ±15% moves cost at most 10·(C(3450, σ 90%) − C0) ≈ 2,400; the +100% tail with vol up:
    // calls worth ≈ 2,725 each at S = 6,000, puts ≈ 0: PnL ≈ −25,254, weighted by 0.135 → 3,409.29.
    // The tail moves ETH alone: the USDC's 2% depeg (400) is not added to it. The crash with a
    // depeg (ETH −15% vol up, USD −2%) costs less: K = 3,409.29.
    // H = 0.2% · 20,000 = 40 (MM 20); C = 0.2% · 3,000 · 20 written options = 120 (MM 60).
    // IM = 40 + 3,409.29 + 120 = 3,569.29; MM = 20 + 0.8 · 3,409.29 + 60 = 2,807.43.
    const report = computeMargin({
      positions: [
        spot('USDC', 20_000, { decimals: 6 }),
        option('ETH', -10, 'call', 3300, 30, { chainId: 8453 }),
        option('ETH', -10, 'put', 2700, 30, { chainId: 8453 }),
      ],
      prices: PRICES,
      volatilities: VOLATILITIES,
      now: NOW,
    })
    // E ≥ IM, but the USDC sits in the wallet, not in the options venue, whose own check
    // (intrinsic + 15% of spot per written unit) fails: no liquidation there, so WARNING.
    expect(report.equity).toBeGreaterThan(report.initialMargin)
    expect(report.venueStatus).toBe('BREACHED')
    expect(report.status).toBe('WARNING')
    expect(report.equity).toBeCloseTo(18_211.45, 1)
    const eth = report.worstScenarios.find((w) => w.factor === 'ETH')!
    expect(eth).toMatchObject({ spotMove: 1, volMove: 'up', kind: 'tail' })
    expect(eth.loss).toBeCloseTo(3_409.29, 1)
    expect(report.breakdown.riskIm).toBeCloseTo(3_409.29, 1)
    expect(report.initialMargin).toBeCloseTo(3_569.29, 1)
    expect(report.maintenanceMargin).toBeCloseTo(2_807.43, 1)
  })
})

describe('computeMargin() inputs and status', () => {
  it('is UNKNOWN when a material price is stale, and charges the stale contingency', () => {
    // A book with a liability (the USDC debt), so that it requires margin at all.
    const positions = [spot('WETH', 10), debt('USDC', 1_000, { decimals: 6 })]
    const fresh = computeMargin({
      positions,
      prices: [price('WETH', 3000, 1, 60), price('USDC', 1, 1, 60)],
      now: NOW,
    })
    const stale = computeMargin({
      positions,
      prices: [price('WETH', 3000, 1, 7200), price('USDC', 1, 1, 60)],
      now: NOW,
    })
    expect(fresh.status).toBe('HEALTHY')
    expect(stale.status).toBe('UNKNOWN')
    expect(stale.statusReasons).toEqual(['stale-price:WETH@1'])
    // Stale contingency 10% of 30,000.
    expect(stale.initialMargin - fresh.initialMargin).toBeCloseTo(3_000, 9)
    expect(stale.freshness.prices.find((p) => p.asset === 'WETH')).toMatchObject({
      ageSeconds: 7200,
      stale: true,
    })
  })

  it('ages each price against its own feed: a 24 h heartbeat feed is fresh at 2 h while a 1 h one is stale', () => {
    const positions = [spot('WETH', 10), debt('USDC', 1_000, { decimals: 6 })]
    const report = computeMargin({
      positions,
      prices: [
        { ...price('WETH', 3000, 1, 7200), heartbeatSeconds: 3_600 },
        { ...price('USDC', 1, 1, 7200), heartbeatSeconds: 86_400 },
      ],
      now: NOW,
    })
    expect(report.statusReasons).toEqual(['stale-price:WETH@1'])
    const byAsset = Object.fromEntries(report.freshness.prices.map((p) => [p.asset, p]))
    expect(byAsset.USDC).toMatchObject({ ageSeconds: 7200, maxAgeSeconds: 86_700, stale: false })
    expect(byAsset.WETH).toMatchObject({ ageSeconds: 7200, maxAgeSeconds: 3_900, stale: true })
    // `all` (xmargin dev --max-price-age) overrides every feed's heartbeat.
    const dev = computeMargin({
      positions,
      prices: [{ ...price('USDC', 1, 1, 7200), heartbeatSeconds: 86_400 }, price('WETH', 3000, 1, 60)],
      params: { ...defaultRiskParameters, maxPriceAge: { ...defaultRiskParameters.maxPriceAge, all: 30 } },
      now: NOW,
    })
    expect([...dev.statusReasons].sort()).toEqual(['stale-price:USDC@1', 'stale-price:WETH@1'])
  })

  it('ignores a stale price on dust below the materiality threshold', () => {
    const report = computeMargin({
      positions: [spot('WETH', 0.001)],
      prices: [price('WETH', 3000, 1, 7200)],
      now: NOW,
    })
    expect(report.status).toBe('HEALTHY')
  })

  it('is UNKNOWN when a price or a volatility is missing', () => {
    const noPrice = computeMargin({
      positions: [spot('WETH', 1), spot('WBTC', 1)],
      prices: [price('WETH', 3000)],
      now: NOW,
    })
    expect(noPrice.status).toBe('UNKNOWN')
    expect(noPrice.statusReasons).toEqual(['missing-price:WBTC@1'])
    expect(noPrice.excluded).toEqual([{ id: '1:wallet:WBTC:spot', reason: 'missing-price' }])
    const noVol = computeMargin({ positions: [option('ETH', 1, 'call', 3000, 10)], prices: PRICES, now: NOW })
    expect(noVol.status).toBe('UNKNOWN')
    expect(noVol.statusReasons[0]).toMatch(/^missing-volatility:ETH@/)
  })

  it('values an option at the vol quoted for its expiry; that vol ages like a price (stale-volatility)', () => {
    const position = option('ETH', -2, 'call', 3500, 30)
    const expiry = position.expiry
    const vol = (value: number, age: number) => ({
      asset: 'ETH',
      expiry,
      value,
      updatedAt: NOW - age,
      source: 'feed:ETH-IV',
    })
    const margin = (volatilities: Parameters<typeof computeMargin>[0]['volatilities']) =>
      computeMargin({ positions: [position], prices: PRICES, volatilities, now: NOW })
    const fresh = margin([vol(0.6, 60), { asset: 'ETH', value: 0.9 }])
    const flatOnly = margin([{ asset: 'ETH', value: 0.9 }])
    expect(fresh.status).not.toBe('UNKNOWN')
    expect(fresh.statusReasons).toEqual([])
    expect(fresh.positions[0]?.impliedVolatility).toBe(0.6)
    // The expiry's own quote wins over a flat one: a short call is worth less (less negative) at 60%.
    expect(fresh.equity).toBeGreaterThan(flatOnly.equity)
    const stale = margin([vol(0.6, 7200)])
    expect(stale.status).toBe('UNKNOWN')
    expect(stale.statusReasons).toEqual([`stale-volatility:ETH@${expiry}`])
    expect(stale.positions[0]?.stale).toBe(true)
    // The stale contingency (10% of |value|) applies as for a stale price; the valuation is unchanged.
    expect(stale.equity).toBe(fresh.equity)
    expect(stale.initialMargin - fresh.initialMargin).toBeCloseTo(Math.abs(fresh.equity) * 0.1, 9)
    // A per-source max age longer than the vol's age keeps it fresh.
    const params = {
      ...defaultRiskParameters,
      maxPriceAge: { ...defaultRiskParameters.maxPriceAge, bySource: { 'feed:ETH-IV': 10_000 } },
    }
    const lenient = computeMargin({
      positions: [position],
      prices: PRICES,
      volatilities: [vol(0.6, 7200)],
      params,
      now: NOW,
    })
    expect(lenient.statusReasons).toEqual([])
    // A missing vol stays UNKNOWN whatever else is quoted.
    const otherExpiry = margin([{ ...vol(0.6, 60), expiry: expiry + 86_400 }])
    expect(otherExpiry.status).toBe('UNKNOWN')
    expect(otherExpiry.statusReasons).toEqual([`missing-volatility:ETH@${expiry}`])
  })

  it('uses the price on the position chain before another chain', () => {
    const report = computeMargin({
      positions: [spot('WETH', 1, { chainId: 42161 })],
      prices: [price('WETH', 3000, 1), price('WETH', 2900, 42161)],
      now: NOW,
    })
    expect(report.positions[0]?.price).toBe(2900)
  })

  it('leaves non-collateral supply out of the margined book', () => {
    const report = computeMargin({
      positions: [supply('WETH', 1, { collateral: false })],
      prices: PRICES,
      now: NOW,
    })
    expect(report.equity).toBe(0)
    expect(report.excluded).toEqual([{ id: '1:aave-v3:WETH:supply', reason: 'not-collateral' }])
  })

  it('reports WARNING between MM and IM and LIQUIDATABLE below MM', () => {
    // 1 WETH (3,000) against a USDC debt D: E = 3,000 − D. K = 450 (ETH −15%; a USDC depeg only
    // lowers the debt); IM = H 30 + 450 = 480, MM = 15 + 0.8 · 450 = 375.
    const book = (debtUsdc: number) =>
      computeMargin({
        positions: [spot('WETH', 1), { ...supply('USDC', debtUsdc, { decimals: 6 }), kind: 'debt' as const }],
        prices: PRICES,
        now: NOW,
      })
    expect(book(2000).status).toBe('HEALTHY')
    // D = 2,550: E = 450, between MM 375 and IM 480. D = 2,700: E = 300 < 375.
    expect(book(2550).status).toBe('WARNING')
    expect(book(2700).status).toBe('LIQUIDATABLE')
    expect(book(2700).health).toBeCloseTo(300 / 375, 9)
    expect(book(2550).health).toBeCloseTo(450 / 375, 9)
  })

  it('solves the liquidation price over the whole book', () => {
    // 10 WETH against 20,000 USDC debt. At ETH price P (·10 units), tier 1 haircut:
    // E = 10P − 20,000; MM = 0.005·10P + 0.8·K with K = 0.15·10P (ETH alone −15%; the USDC depeg
    // of the crash lowers the debt, so the crash costs less). 10P − 20,000 = 0.05P + 1.2P:
    // P = 20,000 / 8.75 = 2,285.71.
    const report = computeMargin({
      positions: [spot('WETH', 10), { ...supply('USDC', 20_000, { decimals: 6 }), kind: 'debt' as const }],
      prices: PRICES,
      now: NOW,
    })
    const eth = report.liquidationPrices.find((l) => l.factor === 'ETH')!
    const p = eth.below!
    const equity = 10 * p - 20_000
    const mm = 0.05 * p + 0.8 * 1.5 * p
    expect(Math.abs(equity - mm)).toBeLessThan(1e-6)
    expect(p).toBeCloseTo(20_000 / 8.75, 6)
    expect(eth.spot).toBe(3000)
  })
})
