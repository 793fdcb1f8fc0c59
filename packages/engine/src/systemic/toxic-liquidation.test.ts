import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InvalidBoundParametersError } from './errors.js'
import {
  constantProductPenalty,
  isToxicLiquidation,
  isToxicWithSlippage,
  toxicLtvThreshold,
} from './toxic-liquidation.js'

const BPS = 10_000n

/** sign(health after − health before) for a partial liquidation repaying d at unchanged prices, exact. */
function healthChangeSign(c: bigint, q: bigint, bonusBps: bigint, d: bigint): number {
  // health ∝ c/q (the threshold LT multiplies both sides); compare (c − d(1+i))/(q − d) with c/q
  const after = (c * BPS - d * (BPS + bonusBps)) * q
  const before = c * (q - d) * BPS
  return after === before ? 0 : after > before ? 1 : -1
}

const positionArbitrary = fc
  .record({
    collateral: fc.bigInt({ min: 1n, max: 10n ** 30n }),
    ltvPpm: fc.bigInt({ min: 1n, max: 1_200_000n }),
    bonusBps: fc.bigInt({ min: 0n, max: 3_000n }),
    stepPpm: fc.bigInt({ min: 1n, max: 999_999n }),
  })
  .map(({ collateral, ltvPpm, bonusBps, stepPpm }) => {
    const debt = (collateral * ltvPpm) / 1_000_000n + 1n
    // a step that repays part of the debt and seizes no more than the collateral
    const maxStep = [debt - 1n, (collateral * BPS) / (BPS + bonusBps)].reduce((a, b) => (a < b ? a : b))
    return { collateral, debt, bonusBps, step: (maxStep * stepPpm) / 1_000_000n }
  })
  .filter(({ step }) => step > 0n)

describe('isToxicLiquidation() (Warmuz, Chaudhary & Pinna, arXiv:2212.07306)', () => {
  it('is true exactly when a partial liquidation lowers health, whatever the step size', () => {
    fc.assert(
      fc.property(positionArbitrary, ({ collateral, debt, bonusBps, step }) => {
        const toxic = isToxicLiquidation({ collateralValue: collateral, debtValue: debt, bonusBps })
        expect(toxic).toBe(healthChangeSign(collateral, debt, bonusBps, step) < 0)
      }),
      { numRuns: 2000 },
    )
  })

  it('flips exactly at LTV = 1/(1 + i): health unchanged on the bound, lower one unit of debt above it', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 5_000n }),
        fc.bigInt({ min: 1n, max: 10n ** 20n }),
        (bonusBps, k) => {
          const collateral = (BPS + bonusBps) * k
          const onBound = BPS * k // q·(1 + i) = c
          expect(isToxicLiquidation({ collateralValue: collateral, debtValue: onBound, bonusBps })).toBe(
            false,
          )
          expect(healthChangeSign(collateral, onBound, bonusBps, 1n)).toBe(0)
          expect(isToxicLiquidation({ collateralValue: collateral, debtValue: onBound + 1n, bonusBps })).toBe(
            true,
          )
          expect(healthChangeSign(collateral, onBound + 1n, bonusBps, 1n)).toBe(-1)
        },
      ),
    )
    expect(toxicLtvThreshold(500n)).toBeCloseTo(1 / 1.05, 15)
  })

  it('rejects a position without collateral or debt, or a negative bonus', () => {
    expect(() => isToxicLiquidation({ collateralValue: 0n, debtValue: 1n, bonusBps: 0n })).toThrow(
      InvalidBoundParametersError,
    )
    expect(() => isToxicLiquidation({ collateralValue: 1n, debtValue: 0n, bonusBps: 0n })).toThrow(
      InvalidBoundParametersError,
    )
    expect(() => isToxicLiquidation({ collateralValue: 1n, debtValue: 1n, bonusBps: -1n })).toThrow(
      InvalidBoundParametersError,
    )
  })
})

/** Health change (∝ c/q) of one small liquidation step whose seized collateral sells into an x·y = k pool. */
function slippageStepHealthChange(parameters: {
  units: number
  debt: number
  bonus: number
  x: number
  y: number
  step: number
}): number {
  const { units, debt, bonus, x, y, step } = parameters
  const price = y / x
  const seized = ((1 + bonus) * step) / price
  const xAfter = x + seized
  const priceAfter = (x * y) / xAfter / xAfter
  return ((units - seized) * priceAfter) / (debt - step) - (units * price) / debt
}

describe('isToxicWithSlippage() (McFarlane, arXiv:2510.10171)', () => {
  it('predicts the sign of a small step’s health change when the sale moves a constant-product pool', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.3, max: 1.1, noNaN: true }),
        fc.double({ min: 0, max: 0.2, noNaN: true }),
        fc.double({ min: 1e3, max: 1e7, noNaN: true }),
        fc.double({ min: 1e5, max: 1e9, noNaN: true }),
        (ltv, bonus, collateralValue, poolDebtReserve) => {
          const frontier = ltv * (1 + bonus) * constantProductPenalty({ collateralValue, poolDebtReserve })
          fc.pre(Math.abs(frontier - 1) > 1e-4) // first-order bound: stay off its immediate neighbourhood
          const price = 2
          const change = slippageStepHealthChange({
            units: collateralValue / price,
            debt: ltv * collateralValue,
            bonus,
            x: poolDebtReserve / price,
            y: poolDebtReserve,
            step: ltv * collateralValue * 1e-7,
          })
          expect(isToxicWithSlippage({ ltv, bonus, collateralValue, poolDebtReserve })).toBe(change < 0)
        },
      ),
      { numRuns: 1000 },
    )
  })

  it('tightens the Warmuz frontier: a deep pool gives it back, a shallow one makes safer LTVs toxic', () => {
    expect(isToxicWithSlippage({ ltv: 0.95, bonus: 0.05, collateralValue: 1, poolDebtReserve: 1e12 })).toBe(
      false,
    )
    expect(isToxicWithSlippage({ ltv: 0.96, bonus: 0.05, collateralValue: 1, poolDebtReserve: 1e12 })).toBe(
      true,
    )
    expect(
      isToxicWithSlippage({ ltv: 0.9, bonus: 0.05, collateralValue: 300_000, poolDebtReserve: 10_000_000 }),
    ).toBe(true)
    expect(() => constantProductPenalty({ collateralValue: 1, poolDebtReserve: 0 })).toThrow(
      InvalidBoundParametersError,
    )
  })
})
