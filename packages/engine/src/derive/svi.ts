import { InvalidDeriveInputError } from './errors.js'
import type { DeriveSvi } from './types.js'

/** Total variance above which the venue caps an SVI slice (a total vol of 12). */
const maxTotalVariance = 144
/** The log-moneyness is clamped to ±this many times √(a + b·σ) before entering the slice. */
const logMoneynessBoundScale = 4
/**
 * The venue takes K / F_svi as an 18-decimal fixed-point number; a ratio below one unit of it
 * (1e−18) is 0 there, and the venue then uses the lower bound −B instead of ln.
 */
const smallestRatio = 1e-18

/** Parameters of {@link sviVol}. */
export type SviVolParameters = { strike: number; svi: DeriveSvi; field?: string | undefined }

/**
 * Implied vol of one strike from a raw SVI slice, with the venue's guards: strike 0 has vol 0;
 * k = ln(K / F_svi) is clamped to [−B, B] with B = 4·√(a + b·σ), and is −B when K / F_svi < 1e−18
 * (a ratio the venue's 18-decimal arithmetic rounds to 0); the total variance
 * w = a + b·(ρ(k − m) + √((k − m)² + σ²)) must be ≥ 0 and is capped at 144; vol = √(w / τ).
 *
 * @example
 * // a = 0.04, b = 0 → w = 0.04 everywhere; τ = 1 → vol 0.2
 * sviVol({ strike: 2000, svi: { a: 0.04, b: 0, rho: 0, m: 0, sigma: 0.1, forward: 2000, tau: 1 } }) // 0.2
 */
export function sviVol(parameters: SviVolParameters): number {
  const { strike, svi } = parameters
  const field = parameters.field ?? 'svi'
  if (strike === 0) return 0
  if (!(svi.forward > 0)) throw new InvalidDeriveInputError(`${field}.forward`, 'the SVI forward must be > 0')
  const boundBase = svi.a + svi.b * svi.sigma
  if (boundBase < 0) throw new InvalidDeriveInputError(field, 'a + b·sigma must be ≥ 0')
  const bound = Math.sqrt(boundBase) * logMoneynessBoundScale
  const ratio = strike / svi.forward
  const k = ratio < smallestRatio ? -bound : Math.min(bound, Math.max(-bound, Math.log(ratio)))
  const km = k - svi.m
  const w = svi.a + svi.b * (Math.sqrt(km * km + svi.sigma * svi.sigma) + svi.rho * km)
  if (w < 0) throw new InvalidDeriveInputError(field, `the total variance at strike ${strike} is negative`)
  if (!(svi.tau > 0)) throw new InvalidDeriveInputError(`${field}.tau`, 'the SVI reference time must be > 0')
  return Math.sqrt(Math.min(w, maxTotalVariance) / svi.tau)
}
