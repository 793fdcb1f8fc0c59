import { describe, expect, it } from 'vitest'
import { oneOptionInput, thirtyDays, withParams } from '../testing/derive-input.js'
import { evaluateDeriveMargin } from './compute-derive-margin.js'
import { deriveLineContributions } from './line-contributions.js'
import { deriveMainnetParams, deriveMainnetScenarios } from './mainnet-params.js'
import type { DeriveMarginInput, DeriveScenario } from './types.js'

function total(input: DeriveMarginInput) {
  const evaluation = evaluateDeriveMargin(input)
  const parts = deriveLineContributions(input, evaluation)
  let sum = parts.perp
  for (const part of [...parts.options, ...parts.collaterals]) sum += part
  return { evaluation, parts, sum }
}

const strangle = [
  { expiry: thirtyDays, strike: 1800, isCall: false, amount: -2 },
  { expiry: thirtyDays, strike: 2200, isCall: true, amount: -2 },
  { expiry: 3 * thirtyDays, strike: 2000, isCall: true, amount: 1 },
]

describe('deriveLineContributions()', () => {
  it('gives a lone perp the whole worst scenario P&L', () => {
    // long 2 perps at 2000, worst of −10% / +10%: 2·(−0.1)·2000 = −400
    const scenarios: DeriveScenario[] = [
      { spotShock: 0.9, volShock: 'none', dampeningFactor: 1 },
      { spotShock: 1.1, volShock: 'none', dampeningFactor: 1 },
    ]
    const input = oneOptionInput({
      options: [],
      perp: { amount: 2, price: 2000, confidence: 1, unrealisedValue: 0 },
      scenarios,
    })
    const { parts, evaluation } = total(input)
    expect(evaluation.minSpan).toBeCloseTo(-400, 9)
    expect(parts.perp).toBeCloseTo(-400, 9)
  })

  it('splits minSpan over the lines exactly, whichever scenario is the worst (grid, tail, skew or basis)', () => {
    const expiries = [
      oneOptionInput().expiries[0]!,
      { ...oneOptionInput().expiries[0]!, expiry: 3 * thirtyDays },
    ]
    const cases: DeriveMarginInput[] = [
      // mainnet grid on a short strangle with a perp and a risk-cancelling collateral
      oneOptionInput({
        options: strangle,
        expiries,
        perp: { amount: -0.5, price: 2000, confidence: 1, unrealisedValue: 0 },
        collaterals: [
          {
            name: 'ETH',
            amount: 1,
            price: 2000,
            confidence: 1,
            isRiskCancelling: true,
            MMHaircut: 0,
            IMHaircut: 0,
          },
        ],
        scenarios: deriveMainnetScenarios,
        params: deriveMainnetParams,
      }),
      // only a skew scenario, no basis charge: each expiry counts −|P&L|
      oneOptionInput({
        options: strangle,
        expiries,
        scenarios: [{ spotShock: 1, volShock: 'abs', dampeningFactor: 1 }],
        params: withParams(withParams(deriveMainnetParams, 'skew', { absBaseCap: 0.5 }), 'basis', {
          basisContAddFactor: 0,
          basisContMultFactor: 0,
        }),
      }),
      // only a no-move scenario: the basis contingency is the worst
      oneOptionInput({ options: strangle, expiries, params: deriveMainnetParams }),
      // a damped tail as the only scenario
      oneOptionInput({
        options: strangle,
        expiries,
        scenarios: [{ spotShock: 2, volShock: 'up', dampeningFactor: 0.1386 }],
        params: deriveMainnetParams,
      }),
    ]
    const worst = cases.map((input) => {
      const { evaluation, sum } = total(input)
      expect(sum).toBeCloseTo(evaluation.minSpan, 9)
      expect(evaluation.minSpan).toBeLessThan(0)
      const kind = input.scenarios[evaluation.result.worstScenario]?.volShock ?? 'basis'
      return kind
    })
    expect(worst).toEqual(['up', 'abs', 'basis', 'up'])
  })

  it('shares one instrument held on two input lines by amount', () => {
    const whole = total(oneOptionInput({ params: deriveMainnetParams, scenarios: deriveMainnetScenarios }))
    const split = total(
      oneOptionInput({
        options: [
          { expiry: thirtyDays, strike: 2000, isCall: true, amount: -0.25 },
          { expiry: thirtyDays, strike: 2000, isCall: true, amount: -0.75 },
        ],
        params: deriveMainnetParams,
        scenarios: deriveMainnetScenarios,
      }),
    )
    expect(split.parts.options[0]).toBeCloseTo(whole.parts.options[0]! * 0.25, 9)
    expect(split.parts.options[1]).toBeCloseTo(whole.parts.options[0]! * 0.75, 9)
  })
})
