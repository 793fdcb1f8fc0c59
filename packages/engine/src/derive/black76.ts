import { normalCdf } from '../black76.js'

/** Seconds in the venue's year (365 days). */
export const secondsPerYear = 365 * 24 * 60 * 60
/** Total vol σ√T at or above which the venue prices a standardised call at 1 (the whole forward). */
const maxTotalVol = 24

/** Parameters of {@link deriveBlack76}. */
export type DeriveBlack76Parameters = {
  /** Seconds to expiry, ≥ 0. */
  secondsToExpiry: number
  volatility: number
  forward: number
  strike: number
  /** Discount factor e^{−rT}. */
  discount: number
}

/** Return type of {@link deriveBlack76}: call and put premium per unit, same discounting. */
export type DeriveBlack76ReturnType = { call: number; put: number }

/**
 * Black-76 as Derive's pricer computes it. The call is priced on a standardised forward of 1,
 * C = max(N(d1) − m·N(d2), 0) with m = K/F, and the put comes from parity, P = max(C + m − 1, 0);
 * both are then scaled by F·D and capped at F·D (call) and K·D (put). Edge rules: strike 0 gives
 * (F·D, 0); forward 0 gives (0, K·D); total vol 0 gives the intrinsic value; total vol ≥ 24 gives
 * C = 1 (and so P = m).
 *
 * @example
 * // Hull 18.8-style textbook point: F = 20, K = 20, σ = 25%, T = 4 months, r = 9%
 * deriveBlack76({ secondsToExpiry: secondsPerYear / 3, volatility: 0.25, forward: 20, strike: 20,
 *   discount: Math.exp(-0.09 / 3) }) // { call ≈ 1.1166, put ≈ 1.1166 }
 */
export function deriveBlack76(parameters: DeriveBlack76Parameters): DeriveBlack76ReturnType {
  const { forward, strike, discount } = parameters
  const years = parameters.secondsToExpiry / secondsPerYear
  const totalVol = parameters.volatility * Math.sqrt(years)
  const forwardDiscounted = forward * discount
  if (strike === 0) return { call: forwardDiscounted, put: 0 }
  const strikeDiscounted = strike * discount
  if (forward === 0) return { call: 0, put: strikeDiscounted }
  const moneyness = strike / forward
  const standardCall = standardisedCall(moneyness, totalVol)
  const standardPut = Math.max(standardCall + moneyness - 1, 0)
  return {
    call: Math.min(standardCall * forwardDiscounted, forwardDiscounted),
    put: Math.min(standardPut * forwardDiscounted, strikeDiscounted),
  }
}

/** Undiscounted call on a forward of 1 with strike `moneyness`. */
function standardisedCall(moneyness: number, totalVol: number): number {
  if (totalVol >= maxTotalVol) return 1
  if (totalVol === 0) return Math.max(1 - moneyness, 0)
  const d1 = (0.5 * totalVol * totalVol - Math.log(moneyness)) / totalVol
  const d2 = d1 - totalVol
  return Math.max(normalCdf(d1) - moneyness * normalCdf(d2), 0)
}
