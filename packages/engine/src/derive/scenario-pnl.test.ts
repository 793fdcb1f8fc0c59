import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { neutralDeriveParams, oneOptionInput, thirtyDays, withParams } from '../testing/derive-input.js'
import type { ArrangedExpiry } from './arrange-portfolio.js'
import { deriveBlack76, secondsPerYear } from './black76.js'
import { computeDeriveMargin } from './compute-derive-margin.js'
import { staticDiscounts, volShockMultipliers } from './expiry-pricing.js'
import { deriveMainnetParams } from './mainnet-params.js'
import type { DeriveScenario } from './types.js'

const day = 86_400
const premium = (volatility: number, strike: number, isCall: boolean, forward = 2000) => {
  const prices = deriveBlack76({ secondsToExpiry: thirtyDays, volatility, forward, strike, discount: 1 })
  return isCall ? prices.call : prices.put
}

describe('volShockMultipliers()', () => {
  const params = deriveMainnetParams.volShock // up 0.5, down 0.3, powers 0.3 / 0.13, floor 1 day

  it('is 1 ± the ranges at 30 days', () => {
    const { up, down } = volShockMultipliers(thirtyDays, params)
    expect(up).toBeCloseTo(1.5, 14)
    expect(down).toBeCloseTo(0.7, 14)
  })

  it('grows with the short-term power below 30 days, floored at dteFloor', () => {
    // (30 days / 1 day)^0.3 = 2.774191 → up 2.387096, down 1 − 0.832257 = 0.167743
    for (const t of [day, day / 2, 0]) {
      const { up, down } = volShockMultipliers(t, params)
      expect(up).toBeCloseTo(2.3870956, 6)
      expect(down).toBeCloseTo(0.1677427, 6)
    }
  })

  it('shrinks with the long-term power beyond 30 days, and floors the down move at 0', () => {
    // 120 days: 0.25^0.13 = 0.835088 → up 1.417544, down 0.749474
    const { up, down } = volShockMultipliers(120 * day, params)
    expect(up).toBeCloseTo(1.417544, 6)
    expect(down).toBeCloseTo(0.7494736, 6)
    expect(volShockMultipliers(day, { ...params, volRangeDown: 1 }).down).toBe(0)
  })
})

describe('staticDiscounts()', () => {
  it('discounts positive values by base·e^{−T(r·mult + add)} and negative ones by min(1/D, base·e^{T(r·mult + add)})', () => {
    // r = 5%, T = 1 year: positive 1.05·e^{−(0.05 + 0.16)} = 0.851113; negative min(e^{0.05} = 1.051271, 0.95·e^{0.16} = 1.114835)
    const expiry: ArrangedExpiry = {
      expiry: secondsPerYear,
      secondsToExpiry: secondsPerYear,
      forwardFixed: 0,
      forwardVariable: 2000,
      rate: 0.05,
      discount: Math.exp(-0.05),
      minConfidence: 1,
      netOptions: 0,
      options: [],
    }
    const margin = { ...deriveMainnetParams.margin, longRateMultScale: 1 }
    const { positive, negative } = staticDiscounts(expiry, margin)
    expect(positive).toBeCloseTo(0.8511135, 6)
    expect(negative).toBeCloseTo(1.0512711, 6)
    // a lower base: 0.85·e^{0.16} = 0.997484 < 1/D, so the base term is kept
    expect(staticDiscounts(expiry, { ...margin, shortBaseStaticDiscount: 0.85 }).negative).toBeCloseTo(
      0.9974842,
      6,
    )
  })

  it('makes even the no-move scenario lose on a long expiry: P&L = mark·(positive − 1)', () => {
    const margin = { ...neutralDeriveParams.margin, longBaseStaticDiscount: 0.9 }
    const options = [{ expiry: thirtyDays, strike: 2000, isCall: true, amount: 1 }]
    const result = computeDeriveMargin(
      oneOptionInput({ options, params: { ...neutralDeriveParams, margin } }),
    )
    expect(result.scenarioPnl[0]).toBeCloseTo(-0.1 * premium(0.5, 2000, true), 12)
  })
})

describe('computeDeriveMargin() scenarios', () => {
  it('floors an up-shocked vol at minVolUpShock', () => {
    // flat vol 20%, up ×1.5 at 30 days = 30% < 40% → the short call is priced at 40%
    const params = withParams(neutralDeriveParams, 'volShock', { volRangeUp: 0.5, minVolUpShock: 0.4 })
    const [expiry] = oneOptionInput().expiries
    const svi = { ...expiry!.svi, a: 0.04 * expiry!.svi.tau }
    const scenarios: DeriveScenario[] = [{ spotShock: 1, volShock: 'up', dampeningFactor: 1 }]
    const result = computeDeriveMargin(oneOptionInput({ params, scenarios, expiries: [{ ...expiry!, svi }] }))
    expect(result.scenarioPnl[0]).toBeCloseTo(-(premium(0.4, 2000, true) - premium(0.2, 2000, true)), 10)
  })

  it('multiplies each term by the dampening factor (a −66% tail on a perp)', () => {
    // 3 perps at 2000: 3·(0.34 − 1)·2000·0.21 = −831.6
    const perp = { amount: 3, price: 2000, confidence: 1, unrealisedValue: 0 }
    const scenarios: DeriveScenario[] = [{ spotShock: 0.34, volShock: 'up', dampeningFactor: 0.21 }]
    const result = computeDeriveMargin(oneOptionInput({ options: [], perp, scenarios }))
    expect(result.scenarioPnl[0]).toBeCloseTo(-831.6, 9)
    expect(result.worstScenario).toBe(0)
  })

  it('raises the wings in the linear skew scenario and counts −|P&L| per expiry', () => {
    // √τ = 0.286691; cap = 0.25 − 0.1·√τ = 0.221331; k* = √τ·4·0.6 = 0.688059
    // call K = 2400: k = ln 1.2 = 0.182322 → vol ×(1 + k·cap/k*) = ×1.058648; put K = 1600: ×(1 − 0.071780)
    const params = { ...neutralDeriveParams, skew: deriveMainnetParams.skew }
    const scenarios: DeriveScenario[] = [
      { spotShock: 1, volShock: 'linear', dampeningFactor: 1 },
      { spotShock: 1, volShock: 'abs', dampeningFactor: 1 },
    ]
    const longCall = [{ expiry: thirtyDays, strike: 2400, isCall: true, amount: 1 }]
    const callGain = premium(0.5 * 1.0586482, 2400, true) - premium(0.5, 2400, true)
    expect(callGain).toBeGreaterThan(0)
    const call = computeDeriveMargin(oneOptionInput({ params, scenarios, options: longCall }))
    expect(call.scenarioPnl[0]).toBeCloseTo(-callGain, 5)
    // a short put at 1600 gains when the linear skew lowers its vol: still counted as a loss
    const shortPut = [{ expiry: thirtyDays, strike: 1600, isCall: false, amount: -1 }]
    const putGain = premium(0.5, 1600, false) - premium(0.5 * 0.9282204, 1600, false)
    const put = computeDeriveMargin(oneOptionInput({ params, scenarios, options: shortPut }))
    expect(put.scenarioPnl[0]).toBeCloseTo(-putGain, 5)
    // abs raises both wings: the short put loses with vol ×1.071780
    expect(put.scenarioPnl[1]).toBeCloseTo(
      -(premium(0.5 * 1.0717796, 1600, false) - premium(0.5, 1600, false)),
      5,
    )
  })

  it('gives put–call parity: a long call and a short put at one strike move by D·F_variable·(shock − 1) in any vol scenario', () => {
    const [expiry] = oneOptionInput().expiries
    fc.assert(
      fc.property(
        fc.double({ min: 1000, max: 3000, noNaN: true }),
        fc.double({ min: 0.3, max: 3, noNaN: true }),
        fc.constantFrom('up', 'none', 'down' as const),
        fc.double({ min: 0, max: 0.2, noNaN: true }),
        (strike, spotShock, volShock, rate) => {
          const params = withParams(deriveMainnetParams, 'margin', neutralDeriveParams.margin)
          const options = [
            { expiry: thirtyDays, strike, isCall: true, amount: 1 },
            { expiry: thirtyDays, strike, isCall: false, amount: -1 },
          ]
          const scenarios: DeriveScenario[] = [{ spotShock, volShock, dampeningFactor: 1 }]
          // neutral margin parameters: both static discounts are 1 (the negative one is min(1/D, 1) = 1)
          const withRate = [{ ...expiry!, rate }]
          const result = computeDeriveMargin(
            oneOptionInput({ params, options, scenarios, expiries: withRate }),
          )
          const discount = Math.exp((-rate * thirtyDays) / secondsPerYear)
          const mark = discount * (2000 - strike)
          const shocked = discount * (2000 * spotShock - strike)
          expect(result.optionMtm).toBeCloseTo(mark, 8)
          expect(result.scenarioPnl[0]).toBeCloseTo(shocked - mark, 7)
        },
      ),
    )
  })
})
