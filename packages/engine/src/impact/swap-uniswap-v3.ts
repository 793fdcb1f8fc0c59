import { computeSwapStep } from './compute-swap-step.js'
import { SwapMathError } from './errors.js'
import { MAX_UINT128 } from './full-math.js'
import {
  getSqrtRatioAtTick,
  getTickAtSqrtRatio,
  MAX_SQRT_RATIO,
  MAX_TICK,
  MIN_SQRT_RATIO,
  MIN_TICK,
} from './tick-math.js'
import {
  assertPoolState,
  liquidityNetAt,
  nextTickWithinOneWord,
  type UniswapV3PoolState,
} from './uniswap-v3-pool-state.js'

/** Parameters of {@link swapUniswapV3}. */
export type SwapUniswapV3Parameters = {
  pool: UniswapV3PoolState
  /** true: token0 in, token1 out (the price falls); false: token1 in, token0 out. */
  zeroForOne: boolean
  /** Positive: exact input (raw units of the input token); negative: exact output. Not zero. */
  amountSpecified: bigint
  /**
   * The price the swap may not pass; default the widest the pool accepts (what QuoterV2 uses when
   * given 0): MIN_SQRT_RATIO + 1 selling token0, MAX_SQRT_RATIO − 1 selling token1.
   */
  sqrtPriceLimitX96?: bigint | undefined
  /**
   * Called after each step with its amounts (fee excluded from `amountIn`) and the liquidity it
   * swapped against: what Perp v2's `OrderBook.replaySwap` charges its exchange fee on per step.
   */
  onStep?: ((step: SwapStepAmounts) => void) | undefined
}

/** One step of {@link swapUniswapV3}: to the next initialized tick, a bitmap-word edge, the limit or the amount's end. */
export type SwapStepAmounts = { amountIn: bigint; amountOut: bigint; feeAmount: bigint; liquidity: bigint }

/** Result of {@link swapUniswapV3}. */
export type SwapUniswapV3ReturnType = {
  /** Input paid to the pool, fee included (less than asked when the limit or liquidity ran out). */
  amountIn: bigint
  /** Output paid by the pool. */
  amountOut: bigint
  /** The pool after the swap: price, tick and active liquidity moved; ticks unchanged. */
  pool: UniswapV3PoolState
  /** Initialized ticks whose liquidity the swap applied. */
  initializedTicksCrossed: number
}

/**
 * Replays `UniswapV3Pool.swap` on a pool state, without token transfers: the same steps (to each
 * initialized tick or bitmap-word edge), the same rounding, so the amounts equal what the pool (and
 * QuoterV2) gives at that block to the wei. Pure; the input state is not modified.
 *
 * @example
 * const { amountOut } = swapUniswapV3({ pool, zeroForOne: true, amountSpecified: 10n ** 18n })
 */
export function swapUniswapV3(parameters: SwapUniswapV3Parameters): SwapUniswapV3ReturnType {
  const { pool, zeroForOne, amountSpecified } = parameters
  assertPoolState(pool)
  if (amountSpecified === 0n) throw new SwapMathError('amountSpecified is zero')
  const limit = parameters.sqrtPriceLimitX96 ?? (zeroForOne ? MIN_SQRT_RATIO + 1n : MAX_SQRT_RATIO - 1n)
  const limitValid = zeroForOne
    ? limit < pool.sqrtPriceX96 && limit > MIN_SQRT_RATIO
    : limit > pool.sqrtPriceX96 && limit < MAX_SQRT_RATIO
  if (!limitValid)
    throw new SwapMathError(
      `price limit ${limit} is not past the current price in the swap's direction`,
      "the pool reverts with 'SPL'",
    )
  const exactInput = amountSpecified > 0n
  let remaining = amountSpecified
  let calculated = 0n
  let sqrtPriceX96 = pool.sqrtPriceX96
  let tick = pool.tick
  let liquidity = pool.liquidity
  let initializedTicksCrossed = 0
  while (remaining !== 0n && sqrtPriceX96 !== limit) {
    const start = sqrtPriceX96
    const next = nextTickWithinOneWord(pool, tick, zeroForOne)
    const tickNext = Math.min(Math.max(next.tick, MIN_TICK), MAX_TICK)
    const sqrtPriceNextX96 = getSqrtRatioAtTick(tickNext)
    const pastLimit = zeroForOne ? sqrtPriceNextX96 < limit : sqrtPriceNextX96 > limit
    const step = computeSwapStep({
      sqrtPriceCurrentX96: sqrtPriceX96,
      sqrtPriceTargetX96: pastLimit ? limit : sqrtPriceNextX96,
      liquidity,
      amountRemaining: remaining,
      feePips: pool.fee,
    })
    sqrtPriceX96 = step.sqrtPriceNextX96
    parameters.onStep?.({
      amountIn: step.amountIn,
      amountOut: step.amountOut,
      feeAmount: step.feeAmount,
      liquidity,
    })
    if (exactInput) {
      remaining -= step.amountIn + step.feeAmount
      calculated -= step.amountOut
    } else {
      remaining += step.amountOut
      calculated += step.amountIn + step.feeAmount
    }
    if (sqrtPriceX96 === sqrtPriceNextX96) {
      if (next.initialized) {
        const net = liquidityNetAt(pool, tickNext)
        liquidity += zeroForOne ? -net : net
        if (liquidity < 0n || liquidity > MAX_UINT128)
          throw new SwapMathError(`crossing tick ${tickNext} leaves liquidity ${liquidity} outside uint128`)
        initializedTicksCrossed++
      }
      tick = zeroForOne ? tickNext - 1 : tickNext
    } else if (sqrtPriceX96 !== start) {
      tick = getTickAtSqrtRatio(sqrtPriceX96)
    }
  }
  const consumed = amountSpecified - remaining
  const [amountIn, amountOut] = exactInput ? [consumed, -calculated] : [calculated, -consumed]
  return { amountIn, amountOut, pool: { ...pool, sqrtPriceX96, tick, liquidity }, initializedTicksCrossed }
}
