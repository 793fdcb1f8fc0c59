/**
 * Uniswap v3 pool state at one block: what the adapters read and the engine's exact swap math
 * replays (issue 15: seized collateral sold into real liquidity).
 */

/** The lowest tick of a Uniswap v3 pool (`TickMath.MIN_TICK`, price 1.0001^-887272). */
export const UNISWAP_V3_MIN_TICK = -887272
/** The highest tick of a Uniswap v3 pool (`TickMath.MAX_TICK`). */
export const UNISWAP_V3_MAX_TICK = 887272

/** An initialized tick of a pool: the liquidity added (positive) or removed when the price crosses it upwards. */
export type InitializedTick = {
  index: number
  /** `ticks(index).liquidityNet`, int128. */
  liquidityNet: bigint
}

/**
 * The state of a Uniswap v3 pool at one block, enough to replay a swap exactly: `slot0`, the
 * active liquidity, the fee and tick spacing, and every initialized tick over a tick range.
 */
export type UniswapV3PoolState = {
  /** `slot0.sqrtPriceX96`: sqrt(token1 per token0, raw units)·2^96. */
  sqrtPriceX96: bigint
  /** `slot0.tick`. */
  tick: number
  /** `liquidity()`: the liquidity active at the current price. */
  liquidity: bigint
  /** `fee()` in pips (500 = 0.05%). */
  fee: number
  /** `tickSpacing()`. */
  tickSpacing: number
  /** Initialized ticks, ascending by index, each on a multiple of `tickSpacing`. */
  ticks: readonly InitializedTick[]
  /**
   * Inclusive tick range over which `ticks` lists every initialized tick (a reader fills it from
   * whole bitmap words). A swap that must look outside it fails rather than guess.
   */
  coveredTicks: { lower: number; upper: number }
}
