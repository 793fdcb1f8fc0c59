import type { ArrangedExpiry } from './arrange-portfolio.js'
import { deriveBlack76, secondsPerYear } from './black76.js'
import { InvalidDeriveInputError } from './errors.js'
import type { DeriveMarginParams, DeriveSkewParams, DeriveVolShockParams } from './types.js'

const thirtyDays = 30 * 24 * 60 * 60

/** Σ amount·premium over an expiry's options, each at `volOf(option)` and one forward. */
function expiryValue(
  expiry: ArrangedExpiry,
  forward: number,
  volOf: (vol: number, strike: number) => number,
): number {
  let total = 0
  for (const option of expiry.options) {
    const { call, put } = deriveBlack76({
      secondsToExpiry: expiry.secondsToExpiry,
      volatility: volOf(option.vol, option.strike),
      forward,
      strike: option.strike,
      discount: expiry.discount,
    })
    total += (option.isCall ? call : put) * option.amount
  }
  return total
}

/**
 * Vol multipliers of an expiry's up and down shocks: with ratio = 30 days / max(T, dteFloor) and
 * s = ratio^p (p = shortTermPower up to 30 days, longTermPower beyond), up = 1 + volRangeUp·s and
 * down = max(0, 1 − volRangeDown·s).
 *
 * @example
 * // T = 30 days: ratio 1, so up = 1 + volRangeUp and down = 1 − volRangeDown
 * volShockMultipliers(2_592_000, params.volShock) // { up: 1.5, down: 0.7 } for 0.5 / 0.3
 */
export function volShockMultipliers(
  secondsToExpiry: number,
  params: DeriveVolShockParams,
): { up: number; down: number } {
  const floored = Math.max(secondsToExpiry, params.dteFloor)
  if (!(floored > 0))
    throw new InvalidDeriveInputError('params.volShock.dteFloor', 'must be > 0 for an expired option')
  const power = secondsToExpiry <= thirtyDays ? params.shortTermPower : params.longTermPower
  const scale = Math.exp(Math.log(thirtyDays / floored) * power)
  return { up: 1 + params.volRangeUp * scale, down: Math.max(0, 1 - params.volRangeDown * scale) }
}

/**
 * Factors applied to an expiry's shocked value in every scenario: a value ≥ 0 is multiplied by
 * `positive` = longBaseStaticDiscount·e^{−T·(r·longRateMultScale + longRateAddScale)}, a negative one
 * by `negative` = min(1/discount, shortBaseStaticDiscount·e^{T·(r·shortRateMultScale + shortRateAddScale)}).
 *
 * @example
 * staticDiscounts(expiry, params.margin) // { positive: 0.93…, negative: 1.01… }
 */
export function staticDiscounts(
  expiry: ArrangedExpiry,
  params: DeriveMarginParams,
): { positive: number; negative: number } {
  const years = expiry.secondsToExpiry / secondsPerYear
  const positiveRate = expiry.rate * params.longRateMultScale + params.longRateAddScale
  const negativeRate = expiry.rate * params.shortRateMultScale + params.shortRateAddScale
  return {
    positive: params.longBaseStaticDiscount * Math.exp(-(years * positiveRate)),
    negative: Math.min(
      1 / expiry.discount,
      params.shortBaseStaticDiscount / Math.exp(-(years * negativeRate)),
    ),
  }
}

/** Parameters of {@link shockedExpiryValue}. */
export type ShockedExpiryValueParameters = {
  expiry: ArrangedExpiry
  spotShock: number
  /** Vol multiplier (1 for no vol move). */
  volMultiplier: number
  /** Floor on the shocked vol (the minVolUpShock in up scenarios, 0 otherwise). */
  minVol: number
}

/**
 * Value of an expiry's options with the spot-driven part of the forward multiplied by `spotShock`
 * and every vol set to max(minVol, vol·volMultiplier). No static discount.
 *
 * @example
 * shockedExpiryValue({ expiry, spotShock: 1, volMultiplier: 1, minVol: 0 }) // the expiry's mark
 */
export function shockedExpiryValue(parameters: ShockedExpiryValueParameters): number {
  const { expiry, spotShock, volMultiplier, minVol } = parameters
  const forward = expiry.forwardVariable * spotShock + expiry.forwardFixed
  return expiryValue(expiry, forward, (vol) => Math.max(minVol, vol * volMultiplier))
}

/**
 * Value of an expiry's options with the wings of the smile raised ('linear': by log-moneyness k,
 * so puts' wing down and calls' wing up; 'abs': by |k|, both wings up), forward unshocked. With
 * √τ = √(T / year), cap = cBase·√τ + baseCap, k* = max(minKStar, √τ·widthScale·(volParamStatic +
 * √τ·volParamScale)), each vol is multiplied by max(0, 1 + clamp(k·cap / k*, −cap, cap)).
 *
 * @example
 * skewedExpiryValue(expiry, 'abs', params.skew) // ≥ the mark for a long strangle
 */
export function skewedExpiryValue(
  expiry: ArrangedExpiry,
  shape: 'linear' | 'abs',
  params: DeriveSkewParams,
): number {
  const forward = expiry.forwardVariable + expiry.forwardFixed
  if (!(forward > 0)) throw new InvalidDeriveInputError('expiries', 'a skew scenario needs a forward > 0')
  const sqrtTau = Math.sqrt(expiry.secondsToExpiry / secondsPerYear)
  const cap =
    shape === 'linear'
      ? params.linearCBase * sqrtTau + params.linearBaseCap
      : params.absCBase * sqrtTau + params.absBaseCap
  const volParam = params.volParamStatic + sqrtTau * params.volParamScale
  const kStar = Math.max(params.minKStar, sqrtTau * params.widthScale * volParam)
  if (kStar === 0) throw new InvalidDeriveInputError('params.skew', 'the skew width k* is 0')
  return expiryValue(expiry, forward, (vol, strike) => {
    const logMoneyness = Math.log(strike / forward)
    const k = shape === 'linear' ? logMoneyness : Math.abs(logMoneyness)
    const scaled = (k * cap) / kStar
    const multiplier = 1 + (k >= 0 ? Math.min(cap, scaled) : Math.max(-cap, scaled))
    return vol * Math.max(multiplier, 0)
  })
}
