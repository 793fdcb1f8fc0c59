import type { InitializedTick, UniswapV3PoolState } from '@xmargin/core'
import { SwapMathError, TickRangeNotCoveredError } from './errors.js'
import { MAX_UINT128 } from './full-math.js'
import { MAX_TICK, MIN_TICK } from './tick-math.js'

export type { InitializedTick, UniswapV3PoolState }

/** The next tick a swap step stops at, as `TickBitmap.nextInitializedTickWithinOneWord`. */
export type NextTick = { tick: number; initialized: boolean }

/**
 * Checks that a pool state is one a pool could hold: ticks sorted and spaced, inside the covered
 * range, uint128 liquidity, a fee below 100%.
 *
 * @example
 * assertPoolState(pool) // throws SwapMathError on a malformed state
 */
export function assertPoolState(pool: UniswapV3PoolState): void {
  if (!Number.isInteger(pool.tickSpacing) || pool.tickSpacing <= 0)
    throw new SwapMathError(`tick spacing ${pool.tickSpacing} is not a positive integer`)
  if (!Number.isInteger(pool.fee) || pool.fee < 0 || pool.fee >= 1_000_000)
    throw new SwapMathError(`fee ${pool.fee} pips is not in 0..999999`)
  if (pool.liquidity < 0n || pool.liquidity > MAX_UINT128)
    throw new SwapMathError(`liquidity ${pool.liquidity} is not a uint128`)
  if (pool.coveredTicks.lower > pool.tick || pool.coveredTicks.upper < pool.tick)
    throw new SwapMathError(
      `covered ticks ${pool.coveredTicks.lower}..${pool.coveredTicks.upper} exclude the current tick ${pool.tick}`,
    )
  let previous = Number.NEGATIVE_INFINITY
  for (const { index } of pool.ticks) {
    if (index <= previous) throw new SwapMathError('initialized ticks are not strictly ascending')
    if (index % pool.tickSpacing !== 0)
      throw new SwapMathError(`tick ${index} is not a multiple of the spacing`)
    if (index < pool.coveredTicks.lower || index > pool.coveredTicks.upper)
      throw new SwapMathError(`tick ${index} lies outside the covered range`)
    previous = index
  }
}

/**
 * The tick a swap step moves towards from `tick`: the nearest initialized tick in the direction
 * of the swap within the same 256-spacing bitmap word, else that word's edge (uninitialized). The
 * word edges matter: the pool rounds each step separately, so a step ending at an empty word edge
 * changes the amounts by a few wei.
 *
 * @example
 * nextTickWithinOneWord(pool, pool.tick, true) // { tick: ..., initialized: ... }
 */
export function nextTickWithinOneWord(pool: UniswapV3PoolState, tick: number, lte: boolean): NextTick {
  const spacing = pool.tickSpacing
  const compressed = Math.floor(tick / spacing)
  const [from, to] = lte
    ? [compressed - mod256(compressed), compressed]
    : [compressed + 1, compressed + 1 + (255 - mod256(compressed + 1))]
  const needed = { lower: from * spacing, upper: to * spacing }
  const covered = pool.coveredTicks
  // a boundary outside the pool's tick range never holds an initialized tick
  const lower = Math.max(needed.lower, MIN_TICK)
  const upper = Math.min(needed.upper, MAX_TICK)
  if (lower < covered.lower || upper > covered.upper) throw new TickRangeNotCoveredError(needed, covered)
  const found = lte
    ? lastTickAtOrBelow(pool.ticks, needed.upper)
    : firstTickAtOrAbove(pool.ticks, needed.lower)
  if (found !== undefined && found >= needed.lower && found <= needed.upper)
    return { tick: found, initialized: true }
  return { tick: lte ? needed.lower : needed.upper, initialized: false }
}

function mod256(value: number): number {
  return ((value % 256) + 256) % 256
}

function firstTickAtOrAbove(ticks: readonly InitializedTick[], value: number): number | undefined {
  let low = 0
  let high = ticks.length
  while (low < high) {
    const middle = (low + high) >> 1
    if ((ticks[middle] as InitializedTick).index < value) low = middle + 1
    else high = middle
  }
  return ticks[low]?.index
}

function lastTickAtOrBelow(ticks: readonly InitializedTick[], value: number): number | undefined {
  let low = 0
  let high = ticks.length
  while (low < high) {
    const middle = (low + high) >> 1
    if ((ticks[middle] as InitializedTick).index <= value) low = middle + 1
    else high = middle
  }
  return low === 0 ? undefined : ticks[low - 1]?.index
}

/** The liquidityNet of an initialized tick (0 when the list does not hold it). */
export function liquidityNetAt(pool: UniswapV3PoolState, tick: number): bigint {
  let low = 0
  let high = pool.ticks.length - 1
  while (low <= high) {
    const middle = (low + high) >> 1
    const entry = pool.ticks[middle] as InitializedTick
    if (entry.index === tick) return entry.liquidityNet
    if (entry.index < tick) low = middle + 1
    else high = middle - 1
  }
  return 0n
}
