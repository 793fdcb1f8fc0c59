import { describe, expect, it } from 'vitest'
import {
  neutralDeriveParams,
  oneOptionInput,
  thirtyDays,
  thirtyDaysInYears,
  withParams,
} from '../testing/derive-input.js'
import { deriveBlack76 } from './black76.js'
import { computeDeriveMargin } from './compute-derive-margin.js'
import { nakedShorts } from './contingencies.js'

// The one-option book: short 1 ATM call, F = S = 2000, σ = 50%, T = 30 days, r = 0, cash 10 000.
// C = 2000·(2·N(0.5·√τ/2) − 1), τ = 30/365 → 0.5·√τ = 0.1433455, N(0.0716728) = 0.5285688 → C = 114.2754
const call = deriveBlack76({
  secondsToExpiry: thirtyDays,
  volatility: 0.5,
  forward: 2000,
  strike: 2000,
  discount: 1,
}).call
const mark = 10_000 - call

describe('computeDeriveMargin() contingencies, each alone on a one-option book', () => {
  it('has IM = MM = mark-to-market when every add-on is off', () => {
    expect(call).toBeCloseTo(114.2754, 4)
    const result = computeDeriveMargin(oneOptionInput())
    expect(result.optionMtm).toBeCloseTo(-call, 12)
    expect(result.mtm).toBeCloseTo(mark, 9)
    expect(result.im).toBeCloseTo(mark, 9)
    expect(result.mm).toBeCloseTo(mark, 9)
    expect(result.scenarioPnl).toEqual([0])
  })

  it('charges naked shorts MMOptionPercent (MM) plus IMOptionPercent (IM) of spot per unit', () => {
    // 1 naked short · 2000 → MM −0.3%·2000 = −6, IM −6 − 0.2%·2000 = −10
    const params = withParams(neutralDeriveParams, 'other', {
      MMOptionPercent: 0.003,
      IMOptionPercent: 0.002,
    })
    const result = computeDeriveMargin(oneOptionInput({ params }))
    expect(result.mm).toBeCloseTo(mark - 6, 9)
    expect(result.im).toBeCloseTo(mark - 10, 9)
  })

  it('charges (1 − confidence)·confMargin·Σ|amount|·spot to IM only, from the lowest expiry confidence', () => {
    const params = withParams(neutralDeriveParams, 'other', { confThreshold: 0.55, confMargin: 1 })
    const [expiry] = oneOptionInput().expiries
    for (const low of [{ volConfidence: 0.5 }, { forwardConfidence: 0.5 }, { rateConfidence: 0.5 }]) {
      // (1 − 0.5)·1·1·2000 = 1000
      const result = computeDeriveMargin(oneOptionInput({ params, expiries: [{ ...expiry!, ...low }] }))
      expect(result.im).toBeCloseTo(mark - 1000, 9)
      expect(result.mm).toBeCloseTo(mark, 9)
    }
    // at the threshold there is no charge
    const atThreshold = computeDeriveMargin(
      oneOptionInput({ params, expiries: [{ ...expiry!, volConfidence: 0.55 }] }),
    )
    expect(atThreshold.im).toBeCloseTo(mark, 9)
    // the spot's confidence counts for every expiry: 0.4 → 0.6·2000 = 1200
    const lowSpot = computeDeriveMargin(oneOptionInput({ params, spot: { price: 2000, confidence: 0.4 } }))
    expect(lowSpot.im).toBeCloseTo(mark - 1200, 9)
  })

  it('charges perps MMPerpPercent and IMPerpPercent of |size|·spot, and a perp confidence charge on IM', () => {
    // −2 perps, spot 2000 (the perp's own price 2010 is not the notional): 4000 → MM −120, IM −120 − 40
    const params = withParams(neutralDeriveParams, 'other', { MMPerpPercent: 0.03, IMPerpPercent: 0.01 })
    const perp = { amount: -2, price: 2010, confidence: 1, unrealisedValue: -30 }
    const result = computeDeriveMargin(oneOptionInput({ params, options: [], perp }))
    expect(result.mtm).toBeCloseTo(10_000 - 30, 9)
    expect(result.mm).toBeCloseTo(10_000 - 30 - 120, 9)
    expect(result.im).toBeCloseTo(10_000 - 30 - 160, 9)
    // perp confidence 0.5 with confMargin 1: IM −(1 − 0.5)·4000 = −2000 more
    const lowConf = withParams(params, 'other', { confThreshold: 0.55, confMargin: 1 })
    const uncertain = computeDeriveMargin(
      oneOptionInput({ params: lowConf, options: [], perp: { ...perp, confidence: 0.5 } }),
    )
    expect(uncertain.im).toBeCloseTo(10_000 - 30 - 160 - 2000, 9)
    expect(uncertain.mm).toBeCloseTo(result.mm, 9)
  })

  it('haircuts collateral by MMHaircut (MM) and MMHaircut + IMHaircut (IM) of its stable value', () => {
    // 2 units at 2000 with the stable at 1 → value 4000; MM −10%·4000 = −400, IM −400 − 5%·4000 = −600
    const collaterals = [
      {
        name: 'WETH',
        amount: 2,
        price: 2000,
        confidence: 1,
        isRiskCancelling: false,
        MMHaircut: 0.1,
        IMHaircut: 0.05,
      },
    ]
    const result = computeDeriveMargin(oneOptionInput({ options: [], collaterals }))
    expect(result.collateralMtm).toBeCloseTo(4000, 9)
    expect(result.mm).toBeCloseTo(14_000 - 400, 9)
    expect(result.im).toBeCloseTo(14_000 - 600, 9)
  })

  it('raises the IM factor by (pegLossThreshold − stablePrice)·pegLossFactor when the stable de-pegs', () => {
    // 1 risk-cancelling unit at 1960 with the stable at 0.98 → value 2000; a −10% scenario loses 200.
    // IM factor 1 + (0.99 − 0.98)·4 = 1.04 → IM = 12 000 − 208; MM factor 0.8 → MM = 12 000 − 160
    const params = withParams(
      withParams(neutralDeriveParams, 'other', { pegLossThreshold: 0.99, pegLossFactor: 4 }),
      'margin',
      {
        mmFactor: 0.8,
      },
    )
    const collaterals = [
      {
        name: 'WETH',
        amount: 1,
        price: 1960,
        confidence: 1,
        isRiskCancelling: true,
        MMHaircut: 0,
        IMHaircut: 0,
      },
    ]
    const scenarios = [{ spotShock: 0.9, volShock: 'none' as const, dampeningFactor: 1 }]
    const result = computeDeriveMargin(
      oneOptionInput({ params, options: [], collaterals, scenarios, stablePrice: 0.98 }),
    )
    expect(result.scenarioPnl[0]).toBeCloseTo(-200, 9)
    expect(result.im).toBeCloseTo(12_000 - 208, 9)
    expect(result.mm).toBeCloseTo(12_000 - 160, 9)
    // at the peg there is no extra factor
    const pegged = computeDeriveMargin(
      oneOptionInput({ params, options: [], collaterals, scenarios, stablePrice: 0.99 }),
    )
    expect(pegged.mtm - pegged.im).toBeCloseTo(-pegged.scenarioPnl[0]!, 9)
  })

  it('takes the basis contingency as the worse ±basis move of each expiry, times add + mult·T', () => {
    // long 1 ATM call: the −4.5% forward move loses, the +4.5% one gains. Factor 0.5 + 2·30/365 = 0.664384
    const params = withParams(neutralDeriveParams, 'basis', {
      basisContAddFactor: 0.5,
      basisContMultFactor: 2,
    })
    const options = [{ expiry: thirtyDays, strike: 2000, isCall: true, amount: 1 }]
    const down = deriveBlack76({
      secondsToExpiry: thirtyDays,
      volatility: 0.5,
      forward: 1910,
      strike: 2000,
      discount: 1,
    }).call
    const expected = (down - call) * (0.5 + 2 * thirtyDaysInYears)
    const result = computeDeriveMargin(oneOptionInput({ params, options }))
    expect(result.basisContingency).toBeCloseTo(expected, 9)
    expect(result.basisContingency).toBeLessThan(0)
    // the only scenario (no move) has P&L 0, so the basis contingency is the worst: index = scenarios.length
    expect(result.worstScenario).toBe(1)
    expect(result.im).toBeCloseTo(10_000 + call + expected, 9)
  })

  it('moves only the spot-driven part of the forward (the basis of a forward fixed near settlement)', () => {
    // all of the forward fixed: no scenario moves it, so the basis contingency is 0
    const [expiry] = oneOptionInput().expiries
    const params = withParams(neutralDeriveParams, 'basis', {
      basisContAddFactor: 0.5,
      basisContMultFactor: 2,
    })
    const fixed = { ...expiry!, forwardFixed: 2000, forwardVariable: 0 }
    const scenarios = [{ spotShock: 0.8, volShock: 'none' as const, dampeningFactor: 1 }]
    const result = computeDeriveMargin(oneOptionInput({ params, expiries: [fixed], scenarios }))
    expect(result.basisContingency).toBe(0)
    expect(result.scenarioPnl[0]).toBeCloseTo(0, 12)
  })
})

describe('nakedShorts()', () => {
  const line = (strike: number, isCall: boolean, amount: number) => ({ strike, isCall, amount, vol: 0.5 })

  it('nets a short against a long at the same strike, call or put', () => {
    // short 1 call, long 0.4 put at 2000 → 1 − 0.4 = 0.6
    expect(nakedShorts([line(2000, true, -1), line(2000, false, 0.4)])).toBeCloseTo(0.6, 15)
    // long more than the short → 0
    expect(nakedShorts([line(2000, false, 3), line(2000, true, -1)])).toBe(0)
  })

  it('does not net across strikes', () => {
    // short 1 call at 2000, long 1 call at 2100 → 1 naked
    expect(nakedShorts([line(2000, true, -1), line(2100, true, 1)])).toBe(1)
  })

  it('counts both shorts at a strike and ignores longs', () => {
    // short call 1 + short put 2 at 2000 → 3; a long alone at 1800 adds nothing; short alone at 1500 adds 0.5
    expect(
      nakedShorts([
        line(2000, true, -1),
        line(2000, false, -2),
        line(1800, true, 4),
        line(1500, false, -0.5),
      ]),
    ).toBe(3.5)
  })
})
