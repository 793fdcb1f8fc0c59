import { UNISWAP_V3_MAX_TICK, UNISWAP_V3_MIN_TICK } from '@xmargin/core'
import { SwapMathError } from './errors.js'

/** The lowest tick a Uniswap v3 pool can reach (price 1.0001^-887272). */
export const MIN_TICK = UNISWAP_V3_MIN_TICK
/** The highest tick a Uniswap v3 pool can reach. */
export const MAX_TICK = UNISWAP_V3_MAX_TICK
/** sqrt(1.0001^MIN_TICK)·2^96, rounded as `TickMath` rounds it. */
export const MIN_SQRT_RATIO = 4295128739n
/** sqrt(1.0001^MAX_TICK)·2^96; prices stay strictly below it. */
export const MAX_SQRT_RATIO = 1461446703485210103287273052203988822378723970342n

/**
 * sqrt(1.0001^-2^i) as Q128.128 for bit i of |tick|, the factors `TickMath.getSqrtRatioAtTick`
 * multiplies together (bit 0 first).
 */
const BIT_FACTORS: readonly bigint[] = [
  0xfffcb933bd6fad37aa2d162d1a594001n,
  0xfff97272373d413259a46990580e213an,
  0xfff2e50f5f656932ef12357cf3c7fdccn,
  0xffe5caca7e10e4e61c3624eaa0941cd0n,
  0xffcb9843d60f6159c9db58835c926644n,
  0xff973b41fa98c081472e6896dfb254c0n,
  0xff2ea16466c96a3843ec78b326b52861n,
  0xfe5dee046a99a2a811c461f1969c3053n,
  0xfcbe86c7900a88aedcffc83b479aa3a4n,
  0xf987a7253ac413176f2b074cf7815e54n,
  0xf3392b0822b70005940c7a398e4b70f3n,
  0xe7159475a2c29b7443b29c7fa6e889d9n,
  0xd097f3bdfd2022b8845ad8f792aa5825n,
  0xa9f746462d870fdf8a65dc1f90e061e5n,
  0x70d869a156d2a1b890bb3df62baf32f7n,
  0x31be135f97d08fd981231505542fcfa6n,
  0x9aa508b5b7a84e1c677de54f3e99bc9n,
  0x5d6af8dedb81196699c329225ee604n,
  0x2216e584f5fa1ea926041bedfe98n,
  0x48a170391f7dc42444e8fa2n,
]
const Q128 = 1n << 128n
const MAX_UINT256 = (1n << 256n) - 1n

/**
 * The Q64.96 square-root price at a tick, sqrt(1.0001^tick)·2^96, bit-identical to
 * `TickMath.getSqrtRatioAtTick`: the product of the per-bit factors for |tick| in Q128.128, inverted
 * for a positive tick, then shifted to Q96 rounding up.
 *
 * @example
 * getSqrtRatioAtTick(0) // 79228162514264337593543950336n (2^96)
 */
export function getSqrtRatioAtTick(tick: number): bigint {
  if (!Number.isInteger(tick) || tick < MIN_TICK || tick > MAX_TICK)
    throw new SwapMathError(`tick ${tick} is outside ${MIN_TICK}..${MAX_TICK}`)
  const absTick = Math.abs(tick)
  let ratio = Q128
  for (let bit = 0; bit < BIT_FACTORS.length; bit++) {
    if ((absTick & (1 << bit)) !== 0) ratio = (ratio * (BIT_FACTORS[bit] as bigint)) >> 128n
  }
  if (tick > 0) ratio = MAX_UINT256 / ratio
  const shifted = ratio >> 32n
  return ratio % (1n << 32n) === 0n ? shifted : shifted + 1n
}

/**
 * The greatest tick whose square-root price is at or below `sqrtPriceX96`, the value
 * `TickMath.getTickAtSqrtRatio` returns (found here by bisection over {@link getSqrtRatioAtTick},
 * which is that function's definition).
 *
 * @example
 * getTickAtSqrtRatio(79228162514264337593543950336n) // 0
 */
export function getTickAtSqrtRatio(sqrtPriceX96: bigint): number {
  if (sqrtPriceX96 < MIN_SQRT_RATIO || sqrtPriceX96 >= MAX_SQRT_RATIO)
    throw new SwapMathError(`sqrt price ${sqrtPriceX96} is outside [MIN_SQRT_RATIO, MAX_SQRT_RATIO)`)
  let low = MIN_TICK
  let high = MAX_TICK - 1
  while (low < high) {
    const middle = Math.floor((low + high + 1) / 2)
    if (getSqrtRatioAtTick(middle) <= sqrtPriceX96) low = middle
    else high = middle - 1
  }
  return low
}
