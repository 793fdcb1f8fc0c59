import { defaultRiskParameters } from '@xmargin/core'
import { describe, expect, it } from 'vitest'
import { computeMargin } from '../compute-margin.js'
import { deriveAccounts, flatSvi } from '../derive/book-to-derive-input.js'
import { computeDeriveMargin } from '../derive/compute-derive-margin.js'
import { deriveMainnetParams, deriveMainnetScenarios } from '../derive/mainnet-params.js'
import { sviVol } from '../derive/svi.js'
import { prepareInputs } from '../prepare-inputs.js'
import { debt, NOW, option, PRICES, perp, spot } from '../testing/fixtures.js'

const ETH_VOL = [{ asset: 'ETH', value: 0.6 }]
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0)

describe("computeMargin({ model: 'derive-pmrm' })", () => {
  it('margins a lone long perp by hand: worst grid move −18%, perp contingencies 3% (+1% IM)', () => {
    // Long 1 ETH perp at 3000, entered at 3000. Scenario P&L = 1·(shock − 1)·3000·damping:
    // −18% → −540; the tails −66%·0.21 and −33%·0.42 → −415.8 each; no options → no basis charge.
    // IM = 540·1 + 3000·(0.03 + 0.01) = 660; MM = 540·0.8 + 3000·0.03 = 432 + 90 = 522.
    const report = computeMargin({
      positions: [perp('ETH', 1, 3000, { chainId: 42161 })],
      prices: PRICES,
      now: NOW,
      model: 'derive-pmrm',
      liquidationPrices: false,
    })
    expect(report.model).toBe('derive-pmrm')
    expect(report.initialMargin).toBeCloseTo(660, 9)
    expect(report.maintenanceMargin).toBeCloseTo(522, 9)
    expect(report.breakdown).toMatchObject({ haircutIm: 0, haircutMm: 0 })
    expect(report.breakdown.riskIm).toBeCloseTo(540, 9)
    expect(report.breakdown.contingencyIm).toBeCloseTo(120, 9)
    expect(report.breakdown.contingencyMm).toBeCloseTo(90, 9)
    expect(report.worstScenarios).toEqual([
      expect.objectContaining({ factor: 'ETH', volMove: 'up', kind: 'grid', weight: 1 }),
    ])
    expect(report.worstScenarios[0]!.spotMove).toBeCloseTo(-0.18, 12)
    expect(report.worstScenarios[0]!.loss).toBeCloseTo(540, 9)
  })

  it("applies Derive's stable peg loss to IM when the book's USDC trades below 0.99", () => {
    // USDC shocked −5% → 0.95: imFactor 1 + (0.99 − 0.95)·4 = 1.16; the lone perp's worst loss is
    // still 540, so IM = 540·1.16 + 120 = 746.4 while MM (no peg loss) stays 522.
    const report = computeMargin({
      positions: [
        perp('ETH', 1, 3000, { chainId: 42161 }),
        spot('USDC', 1000, { chainId: 42161, decimals: 6 }),
      ],
      prices: PRICES,
      now: NOW,
      model: 'derive-pmrm',
      shocks: { USD: { spot: -0.05 } },
      liquidationPrices: false,
    })
    expect(report.initialMargin).toBeCloseTo(746.4, 9)
    expect(report.maintenanceMargin).toBeCloseTo(522, 9)
  })

  it('reports IM and MM as mtm − im and mtm − mm of the mapped Derive input, and excludes what Derive cannot hold', () => {
    const positions = [
      option('ETH', -2, 'put', 2500, 30, { chainId: 8453 }),
      option('ETH', -2, 'call', 3500, 30, { chainId: 8453 }),
      option('ETH', 1, 'call', 3000, 60, { chainId: 8453 }),
      perp('ETH', 0.5, 2900, { chainId: 42161, funding: 12 }),
      spot('USDC', 3000, { chainId: 8453, venue: 'options', decimals: 6 }),
      spot('WETH', 2, { chainId: 8453 }),
      debt('USDC', 100, { decimals: 6 }),
    ]
    const report = computeMargin({
      positions,
      prices: PRICES,
      volatilities: ETH_VOL,
      now: NOW,
      model: 'derive-pmrm',
      liquidationPrices: false,
    })
    expect(report.excluded.map((e) => [e.id, e.reason]).sort()).toEqual([
      ['1:aave-v3:USDC:debt', 'not-modelled'],
      ['8453:wallet:WETH:spot', 'not-modelled'],
    ])
    // The same book written as Derive's input by hand: spot 3000, rate 0 so F = 3000, σ = 60% flat.
    const expiry = (days: number) => ({
      expiry: days * 86_400,
      forwardFixed: 0,
      forwardVariable: 3000,
      forwardConfidence: 1,
      rate: 0,
      rateConfidence: 1,
      volConfidence: 1,
      svi: { a: 0.36, b: 0, rho: 0, m: 0, sigma: 0.1, forward: 3000, tau: 1 },
    })
    const derive = computeDeriveMargin({
      spot: { price: 3000, confidence: 1 },
      stablePrice: 1,
      stableConfidence: 1,
      cash: 3000,
      // unrealised: 0.5·(3000 − 2900) + 12 = 62
      perp: { amount: 0.5, price: 3000, confidence: 1, unrealisedValue: 62 },
      options: [
        { expiry: 30 * 86_400, strike: 2500, isCall: false, amount: -2 },
        { expiry: 30 * 86_400, strike: 3500, isCall: true, amount: -2 },
        { expiry: 60 * 86_400, strike: 3000, isCall: true, amount: 1 },
      ],
      expiries: [expiry(30), expiry(60)],
      collaterals: [],
      scenarios: deriveMainnetScenarios,
      params: deriveMainnetParams,
    })
    expect(report.initialMargin).toBeCloseTo(derive.mtm - derive.im, 6)
    expect(report.maintenanceMargin).toBeCloseTo(derive.mtm - derive.mm, 6)
    // Same Black-76 at the same vol and forward: Derive's mark-to-market is the book's equity.
    expect(report.equity).toBeCloseTo(derive.mtm, 6)
    // Position contributions add up to the figures.
    expect(sum(report.positions.map((p) => p.initialMargin))).toBeCloseTo(report.initialMargin, 6)
    expect(sum(report.positions.map((p) => p.maintenanceMargin))).toBeCloseTo(report.maintenanceMargin, 6)
    // The two naked shorts carry the option contingency: 4 naked·3000·(0.3% + 0.2%) = 60 in IM.
    const shorts = report.positions.filter((p) => p.kind === 'option' && p.quantity < 0)
    expect(sum(shorts.map((p) => p.contingencyIm))).toBeCloseTo(60, 9)
  })

  it('margins each underlying as its own Derive subaccount and adds the requirements', () => {
    const eth = [option('ETH', -1, 'call', 3300, 30)]
    const btc = [option('BTC', -1, 'put', 55_000, 30)]
    const vols = [...ETH_VOL, { asset: 'BTC', value: 0.5 }]
    const run = (positions: typeof eth) =>
      computeMargin({ positions, prices: PRICES, volatilities: vols, now: NOW, model: 'derive-pmrm' })
    const both = run([...eth, ...btc])
    expect(both.initialMargin).toBeCloseTo(run(eth).initialMargin + run(btc).initialMargin, 9)
    expect(both.maintenanceMargin).toBeCloseTo(run(eth).maintenanceMargin + run(btc).maintenanceMargin, 9)
  })

  it('is UNKNOWN with missing-volatility when an option expiry has no implied vol', () => {
    const report = computeMargin({
      positions: [option('ETH', 1, 'put', 2700, 30)],
      prices: PRICES,
      now: NOW,
      model: 'derive-pmrm',
    })
    expect(report.status).toBe('UNKNOWN')
    expect(report.statusReasons).toEqual([`missing-volatility:ETH@${NOW + 30 * 86_400}`])
  })
})

describe('deriveAccounts()', () => {
  it('maps one factor to one subaccount: expiries in seconds from now, a flat SVI at the book vol, perps netted', () => {
    const { book } = prepareInputs({
      positions: [
        option('ETH', 1, 'put', 2700, 30),
        perp('ETH', 1, 3100, { chainId: 42161 }),
        perp('ETH', -0.25, 2900, { chainId: 10, id: 'other-perp' }),
        spot('USDC', 500, { decimals: 6 }),
      ],
      prices: PRICES,
      volatilities: ETH_VOL,
      params: defaultRiskParameters,
      now: NOW,
    })
    const [account, ...rest] = deriveAccounts({ book })
    expect(rest).toEqual([])
    const { input } = account!
    expect(input.options).toEqual([{ expiry: 30 * 86_400, strike: 2700, isCall: false, amount: 1 }])
    expect(input.expiries).toHaveLength(1)
    expect(input.expiries[0]!.svi).toEqual(flatSvi(0.6, 3000))
    // net perp 1 − 0.25 = 0.75; unrealised 1·(3000 − 3100) + (−0.25)·(3000 − 2900) = −125
    expect(input.perp!.amount).toBeCloseTo(0.75, 12)
    expect(input.perp!.unrealisedValue).toBeCloseTo(-125, 9)
    expect(input.cash).toBeCloseTo(500, 9)
    expect(input.params).toBe(deriveMainnetParams)
    expect(input.scenarios).toBe(deriveMainnetScenarios)
  })

  it('flatSvi gives the same vol at every strike and expiry', () => {
    // w(k) = a = σ² whatever k; vol = √(σ²/1) = σ
    for (const strike of [1, 1500, 3000, 9000, 1e6]) {
      expect(sviVol({ strike, svi: flatSvi(0.6, 3000) })).toBeCloseTo(0.6, 15)
    }
  })
})
