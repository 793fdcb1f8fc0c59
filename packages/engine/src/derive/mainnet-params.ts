import type { DeriveParams, DeriveScenario } from './types.js'

/**
 * Derive's mainnet PMRM_2 parameters, as deployed by derivexyz/v2-core `scripts/config-mainnet.sol`
 * (`getPMRM2Params`, read at commit 7736900, January 2026). Facts restated with their meaning:
 * - vol shocks: up by 50% and down by 30% of the vol at 30 days, scaled by (30 days / T)^0.3 up to
 *   30 days and ^0.13 beyond, T floored at 1 day; an up-shocked vol is at least 40%;
 * - margin: minSPAN ×1 for IM and ×0.8 for MM; static discounts 1.05·e^{−0.16·T} on positive and
 *   0.95·e^{0.16·T} on negative expiry values (no rate-proportional part);
 * - basis contingency: spot ±4.5%, scaled by 0.5 + 2·T (years);
 * - other: stable peg loss below 0.99, ×4 on the IM factor; confidence charge below 0.55 at 100%;
 *   perp 3% (MM) + 1% (IM add-on) and naked shorts 0.3% (MM) + 0.2% (IM add-on) of spot notional;
 * - skew: caps 0.25 − 0.1·√τ for both shapes, k* = max(0.01, 4·0.6·√τ).
 */
export const deriveMainnetParams: DeriveParams = {
  volShock: {
    volRangeUp: 0.5,
    volRangeDown: 0.3,
    shortTermPower: 0.3,
    longTermPower: 0.13,
    dteFloor: 24 * 60 * 60,
    minVolUpShock: 0.4,
  },
  margin: {
    imFactor: 1,
    mmFactor: 0.8,
    shortRateMultScale: 0,
    longRateMultScale: 0,
    shortRateAddScale: 0.16,
    longRateAddScale: 0.16,
    shortBaseStaticDiscount: 0.95,
    longBaseStaticDiscount: 1.05,
  },
  basis: { scenarioSpotUp: 1.045, scenarioSpotDown: 0.955, basisContAddFactor: 0.5, basisContMultFactor: 2 },
  other: {
    pegLossThreshold: 0.99,
    pegLossFactor: 4,
    confThreshold: 0.55,
    confMargin: 1,
    MMPerpPercent: 0.03,
    IMPerpPercent: 0.01,
    MMOptionPercent: 0.003,
    IMOptionPercent: 0.002,
  },
  skew: {
    linearBaseCap: 0.25,
    absBaseCap: 0.25,
    linearCBase: -0.1,
    absCBase: -0.1,
    minKStar: 0.01,
    widthScale: 4,
    volParamStatic: 0.6,
    volParamScale: 0,
  },
}

/** Spot moves of the regular grid: +18% and −18% with vol up only, ±13.5/9/4.5/0% with every vol move. */
function regularGrid(): DeriveScenario[] {
  const scenarios: DeriveScenario[] = [{ spotShock: 1.18, volShock: 'up', dampeningFactor: 1 }]
  for (const spotShock of [1.135, 1.09, 1.045, 1, 0.955, 0.91, 0.865]) {
    for (const volShock of ['up', 'none', 'down'] as const)
      scenarios.push({ spotShock, volShock, dampeningFactor: 1 })
  }
  scenarios.push({ spotShock: 0.82, volShock: 'up', dampeningFactor: 1 })
  return scenarios
}

/**
 * Derive's mainnet PMRM_2 scenario set (`getDefaultPM2Scenarios` in the same file), 33 scenarios in
 * the venue's order: the regular grid (23, undamped), eight vol-up tails whose dampening factor is
 * 0.1386 / |spotShock − 1| (−66%, −33%, +50%, ×2 … ×6), then the linear and abs skew scenarios.
 */
export const deriveMainnetScenarios: readonly DeriveScenario[] = [
  ...regularGrid(),
  { spotShock: 0.34, volShock: 'up', dampeningFactor: 0.21 },
  { spotShock: 0.67, volShock: 'up', dampeningFactor: 0.42 },
  { spotShock: 1.5, volShock: 'up', dampeningFactor: 0.2772 },
  { spotShock: 2, volShock: 'up', dampeningFactor: 0.1386 },
  { spotShock: 3, volShock: 'up', dampeningFactor: 0.0693 },
  { spotShock: 4, volShock: 'up', dampeningFactor: 0.0462 },
  { spotShock: 5, volShock: 'up', dampeningFactor: 0.03465 },
  { spotShock: 6, volShock: 'up', dampeningFactor: 0.02772 },
  { spotShock: 1, volShock: 'linear', dampeningFactor: 1 },
  { spotShock: 1, volShock: 'abs', dampeningFactor: 1 },
]
