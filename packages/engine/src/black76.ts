/**
 * Standard normal cumulative distribution, double precision (Hart 1968 as given by G. West,
 * "Better approximations to cumulative normal functions", 2005; absolute error ~1e-15, relative error in the far tail ~1e-8).
 * Symmetric by construction: `normalCdf(x) + normalCdf(-x) === 1` up to rounding.
 *
 * @example
 * normalCdf(0) // 0.5
 */
export function normalCdf(x: number): number {
  const tail = normalTail(Math.abs(x))
  return x > 0 ? 1 - tail : tail
}

/**
 * N(−z) for z = |x| ≥ 0, the part of {@link normalCdf} that depends on |x| only: N(x) and N(−x)
 * both follow from it (`x > 0 ? 1 − tail : tail`), so callers needing both evaluate it once.
 *
 * @example
 * normalTail(0) // 0.5
 */
export function normalTail(z: number): number {
  if (z > 37) return 0
  const e = Math.exp((-z * z) / 2)
  if (z < 7.07106781186547) {
    let n = 3.52624965998911e-2 * z + 0.700383064443688
    n = n * z + 6.37396220353165
    n = n * z + 33.912866078383
    n = n * z + 112.079291497871
    n = n * z + 221.213596169931
    n = n * z + 220.206867912376
    let d = 8.83883476483184e-2 * z + 1.75566716318264
    d = d * z + 16.064177579207
    d = d * z + 86.7807322029461
    d = d * z + 296.564248779674
    d = d * z + 637.333633378831
    d = d * z + 793.826512519948
    d = d * z + 440.413735824752
    return (e * n) / d
  }
  let d = z + 0.65
  d = z + 4 / d
  d = z + 3 / d
  d = z + 2 / d
  d = z + 1 / d
  return e / d / 2.506628274631
}

/** Parameters of {@link black76}. */
export type Black76Parameters = {
  /** Forward price of the underlying for the option's expiry (F = S·e^{rT} without carry). */
  forward: number
  strike: number
  /** Years to expiry; 0 or less gives the discounted intrinsic value. */
  timeToExpiry: number
  /** Annualised volatility; 0 gives the discounted intrinsic value of the forward. */
  volatility: number
  /** Continuously compounded annual rate used to discount the payoff. */
  rate: number
  right: 'call' | 'put'
}

/** Return type of {@link black76}: the premium per unit of underlying. */
export type Black76ReturnType = number

/**
 * Black-76 price of a European option on a forward:
 * call = e^{-rT}·(F·N(d1) − K·N(d2)), put = e^{-rT}·(K·N(−d2) − F·N(−d1)),
 * d1 = (ln(F/K) + σ²T/2) / (σ√T), d2 = d1 − σ√T.
 *
 * @example
 * // Hull's example: S = 42, K = 40, r = 10%, σ = 20%, T = 0.5 → call ≈ 4.76
 * black76({ forward: 42 * Math.exp(0.05), strike: 40, timeToExpiry: 0.5, volatility: 0.2, rate: 0.1, right: 'call' })
 */
export function black76(parameters: Black76Parameters): Black76ReturnType {
  return black76Price(
    parameters.forward,
    parameters.strike,
    parameters.timeToExpiry,
    parameters.volatility,
    parameters.rate,
    parameters.right === 'call',
  )
}

/** Positional, allocation-free form of {@link black76} for the engine's inner loops. */
export function black76Price(
  forward: number,
  strike: number,
  t: number,
  sigma: number,
  rate: number,
  call: boolean,
): number {
  const discount = t > 0 ? Math.exp(-rate * t) : 1
  const stdDev = t > 0 ? sigma * Math.sqrt(t) : 0
  if (!(stdDev > 0) || !(forward > 0) || !(strike > 0)) {
    return discount * Math.max(call ? forward - strike : strike - forward, 0)
  }
  const d1 = (Math.log(forward / strike) + (stdDev * stdDev) / 2) / stdDev
  const d2 = d1 - stdDev
  return call
    ? discount * (forward * normalCdf(d1) - strike * normalCdf(d2))
    : discount * (strike * normalCdf(-d2) - forward * normalCdf(-d1))
}

/** Black-76 delta with respect to the forward, per unit (call in [0, e^{-rT}], put in [−e^{-rT}, 0]). */
export function black76Delta(
  forward: number,
  strike: number,
  t: number,
  sigma: number,
  rate: number,
  call: boolean,
): number {
  const discount = t > 0 ? Math.exp(-rate * t) : 1
  const stdDev = t > 0 ? sigma * Math.sqrt(t) : 0
  if (!(stdDev > 0) || !(forward > 0) || !(strike > 0)) {
    if (call) return forward > strike ? discount : 0
    return forward < strike ? -discount : 0
  }
  const d1 = (Math.log(forward / strike) + (stdDev * stdDev) / 2) / stdDev
  return call ? discount * normalCdf(d1) : discount * (normalCdf(d1) - 1)
}

/**
 * {@link black76Price} and {@link black76Delta} of the same option in one pass, written to
 * `out[0]` (premium) and `out[1]` (delta): the same float operations as the two functions, with
 * the discount, σ√T, d1 and the normal tail of d1 evaluated once.
 *
 * @example
 * const out = new Float64Array(2)
 * black76PriceAndDelta(forward, strike, t, sigma, rate, true, out)
 */
export function black76PriceAndDelta(
  forward: number,
  strike: number,
  t: number,
  sigma: number,
  rate: number,
  call: boolean,
  out: Float64Array,
): void {
  const discount = t > 0 ? Math.exp(-rate * t) : 1
  const stdDev = t > 0 ? sigma * Math.sqrt(t) : 0
  if (!(stdDev > 0) || !(forward > 0) || !(strike > 0)) {
    out[0] = discount * Math.max(call ? forward - strike : strike - forward, 0)
    if (call) out[1] = forward > strike ? discount : 0
    else out[1] = forward < strike ? -discount : 0
    return
  }
  const d1 = (Math.log(forward / strike) + (stdDev * stdDev) / 2) / stdDev
  const d2 = d1 - stdDev
  const tail1 = normalTail(Math.abs(d1))
  const tail2 = normalTail(Math.abs(d2))
  const n1 = d1 > 0 ? 1 - tail1 : tail1
  if (call) {
    out[0] = discount * (forward * n1 - strike * (d2 > 0 ? 1 - tail2 : tail2))
    out[1] = discount * n1
  } else {
    out[0] = discount * (strike * (-d2 > 0 ? 1 - tail2 : tail2) - forward * (-d1 > 0 ? 1 - tail1 : tail1))
    out[1] = discount * (n1 - 1)
  }
}
