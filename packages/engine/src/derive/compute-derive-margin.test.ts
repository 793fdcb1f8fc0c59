import { describe, expect, it } from 'vitest'
import { oneOptionInput, thirtyDays } from '../testing/derive-input.js'
import { computeDeriveMargin } from './compute-derive-margin.js'
import { InvalidDeriveInputError } from './errors.js'
import { deriveMainnetParams, deriveMainnetScenarios } from './mainnet-params.js'
import type { DeriveScenario, DeriveVolShock } from './types.js'

describe('computeDeriveMargin()', () => {
  it('returns one P&L per scenario and the index of the strictly worst one', () => {
    // a long perp of 1 at 2000: −10% loses 200, −20% loses 400 (index 1), a tie later does not replace it
    const perp = { amount: 1, price: 2000, confidence: 1, unrealisedValue: 0 }
    const scenarios: DeriveScenario[] = [
      { spotShock: 0.9, volShock: 'none', dampeningFactor: 1 },
      { spotShock: 0.8, volShock: 'none', dampeningFactor: 1 },
      { spotShock: 0.9, volShock: 'none', dampeningFactor: 2 },
    ]
    const result = computeDeriveMargin(oneOptionInput({ options: [], perp, scenarios }))
    expect(result.scenarioPnl.map((pnl) => Math.round(pnl * 1e9) / 1e9)).toEqual([-200, -400, -400])
    expect(result.worstScenario).toBe(1)
    // no loss anywhere and no basis contingency: the basis "scenario" (index = length) stays the worst
    const flat = computeDeriveMargin(oneOptionInput({ options: [], scenarios }))
    expect(flat.worstScenario).toBe(3)
  })

  it('holds one balance per instrument: repeated lines are summed, a zero balance is dropped', () => {
    const split = oneOptionInput({
      options: [
        { expiry: thirtyDays, strike: 2000, isCall: true, amount: -0.5 },
        { expiry: thirtyDays, strike: 2000, isCall: true, amount: -0.5 },
        { expiry: thirtyDays, strike: 1800, isCall: false, amount: 2 },
        { expiry: thirtyDays, strike: 1800, isCall: false, amount: -2 },
      ],
      params: deriveMainnetParams,
      scenarios: deriveMainnetScenarios,
    })
    const whole = oneOptionInput({ params: deriveMainnetParams, scenarios: deriveMainnetScenarios })
    expect(computeDeriveMargin(split)).toEqual(computeDeriveMargin(whole))
  })

  it('ignores an expiry no option uses, and prices an expired option at intrinsic', () => {
    const base = oneOptionInput()
    const extra = { ...base.expiries[0]!, expiry: 9 * thirtyDays, forwardVariable: 1 }
    expect(computeDeriveMargin({ ...base, expiries: [extra, ...base.expiries] })).toEqual(
      computeDeriveMargin(base),
    )
    // expired 100 s ago with the forward at 2100: a short 2000 call is worth −100
    const expired = { ...base.expiries[0]!, expiry: -100, forwardVariable: 2100 }
    const result = computeDeriveMargin({
      ...base,
      options: [{ expiry: -100, strike: 2000, isCall: true, amount: -1 }],
      expiries: [expired],
    })
    expect(result.optionMtm).toBeCloseTo(-100, 9)
  })

  it('rejects what the venue cannot margin, with InvalidDeriveInputError', () => {
    const base = oneOptionInput()
    const cases = [
      { ...base, scenarios: [] },
      { ...base, expiries: [] },
      { ...base, scenarios: [{ spotShock: 1.1, volShock: 'linear' as const, dampeningFactor: 1 }] },
      {
        ...base,
        scenarios: [
          { spotShock: 1, volShock: 'abs' as const, dampeningFactor: 1 },
          { spotShock: 1, volShock: 'abs' as const, dampeningFactor: 0.5 },
        ],
      },
      { ...base, scenarios: [{ spotShock: 1, volShock: 'sideways' as DeriveVolShock, dampeningFactor: 1 }] },
      { ...base, cash: Number.NaN },
      { ...base, stablePrice: 0 },
      { ...base, expiries: [base.expiries[0]!, base.expiries[0]!] },
      { ...base, collaterals: [{ ...collateral, amount: -1 }] },
      // negative values of fields the venue holds unsigned
      { ...base, scenarios: [{ spotShock: -0.1, volShock: 'none' as const, dampeningFactor: 1 }] },
      { ...base, scenarios: [{ spotShock: 0.9, volShock: 'none' as const, dampeningFactor: -1 }] },
      { ...base, spot: { price: -2000, confidence: 1 } },
      { ...base, perp: { amount: 1, price: -1, confidence: 1, unrealisedValue: 0 } },
      { ...base, expiries: [{ ...base.expiries[0]!, forwardFixed: -1 }] },
      { ...base, expiries: [{ ...base.expiries[0]!, volConfidence: -0.5 }] },
      { ...base, expiries: [{ ...base.expiries[0]!, svi: { ...base.expiries[0]!.svi, b: -0.1 } }] },
      { ...base, collaterals: [{ ...collateral, MMHaircut: -0.1 }] },
    ]
    for (const input of cases) expect(() => computeDeriveMargin(input)).toThrow(InvalidDeriveInputError)
  })
})

const collateral = {
  name: 'WETH',
  amount: 1,
  price: 2000,
  confidence: 1,
  isRiskCancelling: true,
  MMHaircut: 0,
  IMHaircut: 0,
}
