import { getSqrtRatioAtTick, MAX_TICK, MIN_TICK } from '../impact/tick-math.js'
import type { InitializedTick, UniswapV3PoolState } from '../impact/uniswap-v3-pool-state.js'

/** A liquidity position of a test pool: liquidity L over [lower, upper). */
export type TestRange = { lower: number; upper: number; liquidity: bigint }

/**
 * A pool state built from positions, at the price of `tick` (or `sqrtPriceX96`), every tick
 * covered: what a reader would return for a pool holding exactly these positions.
 */
export function poolFromRanges(parameters: {
  ranges: readonly TestRange[]
  tick: number
  sqrtPriceX96?: bigint
  fee?: number
  tickSpacing?: number
}): UniswapV3PoolState {
  const net = new Map<number, bigint>()
  let liquidity = 0n
  for (const range of parameters.ranges) {
    net.set(range.lower, (net.get(range.lower) ?? 0n) + range.liquidity)
    net.set(range.upper, (net.get(range.upper) ?? 0n) - range.liquidity)
    if (range.lower <= parameters.tick && parameters.tick < range.upper) liquidity += range.liquidity
  }
  const ticks: InitializedTick[] = [...net.entries()]
    .filter(([, liquidityNet]) => liquidityNet !== 0n)
    .map(([index, liquidityNet]) => ({ index, liquidityNet }))
    .sort((a, b) => a.index - b.index)
  return {
    sqrtPriceX96: parameters.sqrtPriceX96 ?? getSqrtRatioAtTick(parameters.tick),
    tick: parameters.tick,
    liquidity,
    fee: parameters.fee ?? 3000,
    tickSpacing: parameters.tickSpacing ?? 60,
    ticks,
    coveredTicks: { lower: MIN_TICK, upper: MAX_TICK },
  }
}

/**
 * An independent, real-number model of an exact-input swap (no rounding, fee taken from the whole
 * input at once): walks the initialized ticks with L·Δ(1/√P) of token0 and L·Δ√P of token1 per range.
 */
export function referenceSwapOutput(pool: UniswapV3PoolState, zeroForOne: boolean, amountIn: bigint): number {
  let remaining = Number(amountIn) * (1 - pool.fee / 1e6)
  let sqrtP = Number(pool.sqrtPriceX96) / 2 ** 96
  let liquidity = Number(pool.liquidity)
  let out = 0
  const ticks = zeroForOne
    ? pool.ticks.filter((t) => t.index <= pool.tick).reverse()
    : pool.ticks.filter((t) => t.index > pool.tick)
  for (const boundary of [...ticks, undefined]) {
    const sqrtT =
      boundary === undefined
        ? zeroForOne
          ? 0
          : Number.POSITIVE_INFINITY
        : Math.exp((boundary.index / 2) * Math.log1p(0.0001))
    const need = zeroForOne ? liquidity * (1 / sqrtT - 1 / sqrtP) : liquidity * (sqrtT - sqrtP)
    if (remaining <= need) {
      // written without the difference of two close numbers, which loses the small sales
      if (zeroForOne) out += (remaining * sqrtP * sqrtP) / (1 + (remaining * sqrtP) / liquidity)
      else out += remaining / (sqrtP * (sqrtP + remaining / liquidity))
      return out
    }
    if (liquidity > 0) {
      out += zeroForOne ? liquidity * (sqrtP - sqrtT) : liquidity * (1 / sqrtP - 1 / sqrtT)
      remaining -= need
    }
    sqrtP = sqrtT
    if (boundary !== undefined) liquidity += (zeroForOne ? -1 : 1) * Number(boundary.liquidityNet)
  }
  return out
}
