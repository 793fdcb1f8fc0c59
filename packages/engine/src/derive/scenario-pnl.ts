import type { ArrangedExpiry } from './arrange-portfolio.js'
import { shockedExpiryValue, skewedExpiryValue } from './expiry-pricing.js'
import type { PricedExpiry, PricedPortfolio } from './precompute.js'
import type { DeriveParams, DeriveScenario } from './types.js'

/**
 * Value of an expiry's options in one scenario, before the static discount: the forward's spot part
 * shocked and the vols scaled (up, down or none), or, in a skew scenario, the skewed vols at the
 * unmoved forward.
 *
 * @example
 * scenarioExpiryValue(expiry, { spotShock: 1, volShock: 'none', dampeningFactor: 1 }, params) // the mark
 */
export function scenarioExpiryValue(
  expiry: ArrangedExpiry & Pick<PricedExpiry, 'volShockUp' | 'volShockDown'>,
  scenario: DeriveScenario,
  params: DeriveParams,
): number {
  switch (scenario.volShock) {
    case 'linear':
    case 'abs':
      return skewedExpiryValue(expiry, scenario.volShock, params.skew)
    case 'up':
      return shockedExpiryValue({
        expiry,
        spotShock: scenario.spotShock,
        volMultiplier: expiry.volShockUp,
        minVol: params.volShock.minVolUpShock,
      })
    case 'down':
      return shockedExpiryValue({
        expiry,
        spotShock: scenario.spotShock,
        volMultiplier: expiry.volShockDown,
        minVol: 0,
      })
    case 'none':
      return shockedExpiryValue({ expiry, spotShock: scenario.spotShock, volMultiplier: 1, minVol: 0 })
  }
}

/**
 * P&L of one scenario against the mark, as PMRM_2's `getScenarioPnL` has it, every term times the
 * scenario's dampening factor d:
 * - perp: size·(spotShock − 1)·perpPrice·d;
 * - per expiry: (V·sd − mark)·d, V the shocked value and sd its static discount (the positive or the
 *   negative one by the sign of V); in the skew scenarios ('linear', 'abs') the forward is not moved
 *   and each expiry counts −|P&L| (a skew move may go either way);
 * - per risk-cancelling collateral: value·(spotShock − 1)·d (others do not move).
 *
 * @example
 * // a lone long perp of 2 at 3000 in a −10% scenario: 2·(−0.1)·3000 = −600
 * scenarioPnl(priced, { spotShock: 0.9, volShock: 'none', dampeningFactor: 1 }, params) // -600
 */
export function scenarioPnl(
  portfolio: PricedPortfolio,
  scenario: DeriveScenario,
  params: DeriveParams,
): number {
  const damping = scenario.dampeningFactor
  let pnl = 0
  if (portfolio.perpPosition !== 0) {
    pnl += portfolio.perpPosition * ((scenario.spotShock - 1) * portfolio.perpPrice) * damping
  }
  const skew = scenario.volShock === 'linear' || scenario.volShock === 'abs'
  for (const expiry of portfolio.expiries) {
    const value = scenarioExpiryValue(expiry, scenario, params)
    const discounted = value * (value >= 0 ? expiry.staticDiscountPositive : expiry.staticDiscountNegative)
    const expiryPnl = (discounted - expiry.mark) * damping
    pnl += skew ? -Math.abs(expiryPnl) : expiryPnl
  }
  for (const collateral of portfolio.collaterals) {
    if (!collateral.isRiskCancelling) continue
    pnl += collateral.value * (scenario.spotShock - 1) * damping
  }
  return pnl
}
