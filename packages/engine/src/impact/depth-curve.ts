import { FEE_DENOMINATOR } from './compute-swap-step.js'
import { InvalidImpactModelError } from './errors.js'

/**
 * The configured fallback for an asset without a readable pool: a constant-product (x·y = k)
 * virtual pool. It holds `depth` raw units of the asset and depth·price of the quote asset, and
 * charges `feePips` on the input, as a Uniswap v2 pool would.
 *
 * Shape: selling q (after fee q' = q·(1 − fee)) pays y·q'/(x + q') and moves the price by the
 * factor (x/(x + q'))². `depth` is therefore the sale that quarters the price; the sale that moves
 * it by −2% (the usual "2% market depth") is depth·(1/√0.98 − 1) ≈ 1.015% of `depth`.
 */
export type DepthCurve = {
  /** Virtual reserve of the asset, raw units (> 0). */
  depth: bigint
  /** Fee on the input in pips (3000 = 0.3%). */
  feePips: number
}

/** State of a depth curve once placed at a price: the two virtual reserves, raw units. */
export type DepthCurveState = {
  assetReserve: bigint
  quoteReserve: bigint
  feePips: number
}

/** Parameters of {@link placeDepthCurve}. */
export type PlaceDepthCurveParameters = {
  curve: DepthCurve
  /** Quote per asset, scaled: price = value / 10^decimals in whole tokens. */
  price: { value: bigint; decimals: number }
  assetDecimals: number
  quoteDecimals: number
}

/**
 * Places a depth curve at the current price: the quote reserve is depth·price in raw quote units
 * (rounded down).
 *
 * @example
 * placeDepthCurve({ curve: { depth: 1000n * 10n ** 18n, feePips: 3000 },
 *   price: { value: 300000000000n, decimals: 8 }, assetDecimals: 18, quoteDecimals: 6 })
 * // { assetReserve: 10^21, quoteReserve: 3_000_000 USDC in raw units, feePips: 3000 }
 */
export function placeDepthCurve(parameters: PlaceDepthCurveParameters): DepthCurveState {
  const { curve, price, assetDecimals, quoteDecimals } = parameters
  if (curve.depth <= 0n) throw new InvalidImpactModelError(`depth ${curve.depth} must be positive`)
  if (!Number.isInteger(curve.feePips) || curve.feePips < 0 || curve.feePips >= 1_000_000)
    throw new InvalidImpactModelError(`fee ${curve.feePips} pips is not in 0..999999`)
  if (price.value <= 0n) throw new InvalidImpactModelError(`price ${price.value} must be positive`)
  const numerator = curve.depth * price.value * 10n ** BigInt(quoteDecimals)
  const denominator = 10n ** BigInt(price.decimals + assetDecimals)
  const quoteReserve = numerator / denominator
  if (quoteReserve === 0n) throw new InvalidImpactModelError('depth times price is below one raw quote unit')
  return { assetReserve: curve.depth, quoteReserve, feePips: curve.feePips }
}

/** Result of {@link sellIntoDepthCurve}. */
export type SellIntoDepthCurveReturnType = { amountOut: bigint; state: DepthCurveState }

/**
 * Sells `amountIn` raw units of the asset into a placed depth curve: out = y·q'/(x + q') with
 * q' = q·(1 − fee), rounded down; the reserves move to (x + q', y − out) (the fee leaves the curve).
 *
 * @example
 * sellIntoDepthCurve(state, 10n ** 18n).amountOut
 */
export function sellIntoDepthCurve(state: DepthCurveState, amountIn: bigint): SellIntoDepthCurveReturnType {
  if (amountIn < 0n) throw new InvalidImpactModelError(`cannot sell a negative amount ${amountIn}`)
  const fee = BigInt(state.feePips)
  const inLessFee = (amountIn * (FEE_DENOMINATOR - fee)) / FEE_DENOMINATOR
  const amountOut = (state.quoteReserve * inLessFee) / (state.assetReserve + inLessFee)
  return {
    amountOut,
    state: {
      ...state,
      assetReserve: state.assetReserve + inLessFee,
      quoteReserve: state.quoteReserve - amountOut,
    },
  }
}

/** Parameters of {@link depthCurveFromTwoPercentDepth}. */
export type DepthCurveFromTwoPercentDepthParameters = {
  /** Quote value (whole quote tokens, e.g. USD) a seller must sell to move the price −2%. */
  twoPercentDepth: number
  /** Current price, quote per asset in whole tokens. */
  price: number
  assetDecimals: number
  feePips: number
}

/**
 * The depth curve that matches the market's "2% depth", the figure data vendors publish per
 * asset: selling q' moves the price by (x/(x + q'))², so −2% takes q' = x·(1/√0.98 − 1) and
 * x = q'/(1/√0.98 − 1). The 2% depth is given in quote value at the current price.
 *
 * @example
 * // ETH at 3,000 with 20 M USD of 2% depth: a virtual reserve of about 656,700 ETH
 * depthCurveFromTwoPercentDepth({ twoPercentDepth: 20_000_000, price: 3000, assetDecimals: 18, feePips: 3000 })
 */
export function depthCurveFromTwoPercentDepth(
  parameters: DepthCurveFromTwoPercentDepthParameters,
): DepthCurve {
  const { twoPercentDepth, price, assetDecimals, feePips } = parameters
  if (!(twoPercentDepth > 0) || !(price > 0) || !Number.isFinite(twoPercentDepth) || !Number.isFinite(price))
    throw new InvalidImpactModelError('the 2% depth and the price must be positive and finite')
  const assetToMoveTwoPercent = twoPercentDepth / price
  const reserve = assetToMoveTwoPercent / (1 / Math.sqrt(0.98) - 1)
  // whole tokens to raw units without passing through a float above 2^53
  const [whole, fraction = ''] = reserve.toFixed(6).split('.')
  const depth =
    ((BigInt(whole as string) * 10n ** 6n + BigInt(fraction.padEnd(6, '0'))) * 10n ** BigInt(assetDecimals)) /
    10n ** 6n
  return { depth, feePips }
}
