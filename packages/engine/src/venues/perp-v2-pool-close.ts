import type { UniswapV3PoolState } from '@xmargin/core'
import { SwapMathError } from '../impact/errors.js'
import { mulDivRoundingUp } from '../impact/full-math.js'
import { sqrtFloor } from '../impact/integer-sqrt.js'
import { swapUniswapV3 } from '../impact/swap-uniswap-v3.js'

/**
 * `MarketRegistry`'s exchange fee ratio (ppm) on Perp v2's live markets and on the devnet: 0.1% of
 * the quote side, charged by the ClearingHouse instead of the pool's own fee (a devnet test reads it).
 */
export const PERP_V2_EXCHANGE_FEE_RATIO_PPM = 1_000n
/** `SwapMath._ONE_HUNDRED_PERCENT`: Perp's fee ratios are parts per million. */
const ONE_HUNDRED_PERCENT = 1_000_000n
/** An exact input no arbitrage runs out of: the swap stops at its price limit first. */
const UNBOUNDED_INPUT = 1n << 200n

/** Parameters of {@link closePerpV2InPool}. */
export type ClosePerpV2InPoolParameters = {
  /**
   * The market's virtual pool (vBASE/vUSD). Its base token is token0: `MarketRegistry.addPool`
   * requires `baseToken < quoteToken` (`MR_IB`). Its `fee` is the market's `uniswapFeeRatio`.
   */
  pool: UniswapV3PoolState
  /** The taker position size the close trades away, signed as the position (raw, 18 decimals); not zero. */
  size: bigint
  /**
   * The index price (18 decimals) the pool is first brought to, as arbitrage keeps Perp's mark at its
   * index: a swap with the index's `sqrtPriceX96` as its limit ({@link perpV2SqrtPriceX96AtPrice}).
   */
  indexPrice: bigint
  /** `MarketRegistry`'s `exchangeFeeRatio` of the market (ppm); default {@link PERP_V2_EXCHANGE_FEE_RATIO_PPM}. */
  exchangeFeeRatio?: bigint | undefined
}

/** Result of {@link closePerpV2InPool}: the contract's figures, 18 decimals. */
export type ClosePerpV2InPoolReturnType = {
  /** `|exchangedPositionNotional|`: what `PositionLiquidated.positionNotional` carries. */
  closedNotional: bigint
  /** `OrderBook.replaySwap`'s fee: the exchange fee the trader pays on the close (quote). */
  exchangeFee: bigint
  /** The pool at the index price, before the close. */
  atIndex: UniswapV3PoolState
  /** The pool after the close. */
  after: UniswapV3PoolState
}

/**
 * Perp v2's close of a taker position through its virtual pool (curie 1.4.0,
 * `ClearingHouse._closePosition` → `Exchange._swap`), after the pool is arbitraged to the index:
 *
 * - a long closes base→quote, exact input: the pool swaps
 *   `calcAmountScaledByFeeRatio(|size|, uniswapFeeRatio, up)` base (Perp scales the input up so the
 *   pool's own fee leaves |size| traded) and the closed notional is the quote the pool pays out;
 * - a short closes quote→base, exact output of |size| base: the closed notional is the quote paid in
 *   with the pool's fee scaled away, `calcAmountScaledByFeeRatio(quoteIn, uniswapFeeRatio, down)`;
 * - the exchange fee is `OrderBook.replaySwap`'s over the same steps, summed over steps with
 *   liquidity: base→quote `mulDivRoundingUp(step out, exchangeFeeRatio, 1e6)`, quote→base the step
 *   fee at `exchangeFeeRatio`, `mulDivRoundingUp(step in, ratio, 1e6 − ratio)`.
 *
 * Exact (to the wei, given the pool state and index): the closed notional (hence Perp's penalty)
 * and the exchange fee. Not modelled: the market's per-block tick limit (`maxTickCrossedWithinBlock`,
 * which makes a close partial; the caller decides `partial`), and liquidations in one block
 * compounding their impact — each close starts from the pool at the index.
 *
 * @example
 * const close = closePerpV2InPool({ pool, size: 5n * 10n ** 18n, indexPrice: 2070n * 10n ** 18n })
 * close.closedNotional // quote out of the pool for 5 vETH, 18 decimals
 */
export function closePerpV2InPool(parameters: ClosePerpV2InPoolParameters): ClosePerpV2InPoolReturnType {
  const { size, indexPrice } = parameters
  if (size === 0n) throw new SwapMathError('the Perp v2 close has no size')
  const exchangeFeeRatio = parameters.exchangeFeeRatio ?? PERP_V2_EXCHANGE_FEE_RATIO_PPM
  const atIndex = arbitrageToPrice(parameters.pool, indexPrice)
  const uniswapFeeRatio = BigInt(atIndex.fee)
  let exchangeFee = 0n
  if (size > 0n) {
    const scaled = mulDivRoundingUp(size, ONE_HUNDRED_PERCENT, ONE_HUNDRED_PERCENT - uniswapFeeRatio)
    const swap = swapUniswapV3({
      pool: atIndex,
      zeroForOne: true,
      amountSpecified: scaled,
      onStep: (step) => {
        if (step.liquidity > 0n)
          exchangeFee += mulDivRoundingUp(step.amountOut, exchangeFeeRatio, ONE_HUNDRED_PERCENT)
      },
    })
    if (swap.amountIn !== scaled)
      throw new SwapMathError(`the virtual pool takes only ${swap.amountIn} of ${scaled} base for the close`)
    return { closedNotional: swap.amountOut, exchangeFee, atIndex, after: swap.pool }
  }
  const amount = -size
  const swap = swapUniswapV3({
    pool: atIndex,
    zeroForOne: false,
    amountSpecified: -amount,
    onStep: (step) => {
      if (step.liquidity > 0n)
        exchangeFee += mulDivRoundingUp(
          step.amountIn,
          exchangeFeeRatio,
          ONE_HUNDRED_PERCENT - exchangeFeeRatio,
        )
    },
  })
  if (swap.amountOut !== amount)
    throw new SwapMathError(`the virtual pool pays only ${swap.amountOut} of ${amount} base for the close`)
  const closedNotional = (swap.amountIn * (ONE_HUNDRED_PERCENT - uniswapFeeRatio)) / ONE_HUNDRED_PERCENT
  return { closedNotional, exchangeFee, atIndex, after: swap.pool }
}

/**
 * The `sqrtPriceX96` of a Perp v2 pool (base and quote both 18 decimals) at a price with 18
 * decimals: ⌊√(price · 2^192 / 1e18)⌋. Where {@link closePerpV2InPool} puts the pool before a close.
 *
 * @example
 * perpV2SqrtPriceX96AtPrice(4n * 10n ** 18n) // 2n * 2n ** 96n
 */
export function perpV2SqrtPriceX96AtPrice(price: bigint): bigint {
  if (price <= 0n) throw new SwapMathError(`price ${price} is not positive`)
  return sqrtFloor((price << 192n) / 10n ** 18n)
}

/** The pool swapped to the price (an arbitrage: the swap's limit is the price); as it is when already there. */
function arbitrageToPrice(pool: UniswapV3PoolState, price: bigint): UniswapV3PoolState {
  const target = perpV2SqrtPriceX96AtPrice(price)
  if (target === pool.sqrtPriceX96) return pool
  return swapUniswapV3({
    pool,
    zeroForOne: target < pool.sqrtPriceX96,
    amountSpecified: UNBOUNDED_INPUT,
    sqrtPriceLimitX96: target,
  }).pool
}
