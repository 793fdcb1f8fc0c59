import type { DeriveMarginInput, DeriveParams } from '../derive/types.js'

/** 30 days in seconds, and as a year fraction (365-day year). */
export const thirtyDays = 30 * 24 * 60 * 60
export const thirtyDaysInYears = 30 / 365

/**
 * Parameters under which every add-on is zero: no vol moves, factors 1, static discounts 1 at a
 * zero rate, no basis scaling, no confidence, perp, option or peg charges. A test switches on the
 * one rule it checks.
 */
export const neutralDeriveParams: DeriveParams = {
  volShock: {
    volRangeUp: 0,
    volRangeDown: 0,
    shortTermPower: 0,
    longTermPower: 0,
    dteFloor: 86_400,
    minVolUpShock: 0,
  },
  margin: {
    imFactor: 1,
    mmFactor: 1,
    shortRateMultScale: 0,
    longRateMultScale: 0,
    shortRateAddScale: 0,
    longRateAddScale: 0,
    shortBaseStaticDiscount: 1,
    longBaseStaticDiscount: 1,
  },
  basis: { scenarioSpotUp: 1.045, scenarioSpotDown: 0.955, basisContAddFactor: 0, basisContMultFactor: 0 },
  other: {
    pegLossThreshold: 0,
    pegLossFactor: 0,
    confThreshold: 0,
    confMargin: 0,
    MMPerpPercent: 0,
    IMPerpPercent: 0,
    MMOptionPercent: 0,
    IMOptionPercent: 0,
  },
  skew: {
    linearBaseCap: 0,
    absBaseCap: 0,
    linearCBase: 0,
    absCBase: 0,
    minKStar: 0.01,
    widthScale: 1,
    volParamStatic: 1,
    volParamScale: 0,
  },
}

/**
 * A book with spot 2000, stable 1, cash 10 000, one 30-day expiry (forward 2000, all spot-driven,
 * rate 0, full confidence, flat 50% SVI vol) holding one short ATM call, one "no move" scenario
 * and {@link neutralDeriveParams}. `overrides` replaces top-level fields.
 */
export function oneOptionInput(overrides: Partial<DeriveMarginInput> = {}): DeriveMarginInput {
  return {
    spot: { price: 2000, confidence: 1 },
    stablePrice: 1,
    stableConfidence: 1,
    cash: 10_000,
    options: [{ expiry: thirtyDays, strike: 2000, isCall: true, amount: -1 }],
    expiries: [
      {
        expiry: thirtyDays,
        forwardFixed: 0,
        forwardVariable: 2000,
        forwardConfidence: 1,
        rate: 0,
        rateConfidence: 1,
        volConfidence: 1,
        // w = a = 0.25·τ → vol = √(w/τ) = 0.5 at every strike
        svi: {
          a: 0.25 * thirtyDaysInYears,
          b: 0,
          rho: 0,
          m: 0,
          sigma: 0.1,
          forward: 2000,
          tau: thirtyDaysInYears,
        },
      },
    ],
    collaterals: [],
    scenarios: [{ spotShock: 1, volShock: 'none', dampeningFactor: 1 }],
    params: neutralDeriveParams,
    ...overrides,
  }
}

/** `params` with one group's fields replaced. */
export function withParams<K extends keyof DeriveParams>(
  params: DeriveParams,
  group: K,
  fields: Partial<DeriveParams[K]>,
): DeriveParams {
  return { ...params, [group]: { ...params[group], ...fields } }
}
