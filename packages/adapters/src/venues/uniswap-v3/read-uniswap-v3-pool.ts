import { UNISWAP_V3_MAX_TICK, UNISWAP_V3_MIN_TICK, type UniswapV3PoolState } from '@xmargin/core'
import { type Address, type Client, parseAbi } from 'viem'
import type { ReadCall } from '../../adapter.js'
import { executeReads } from '../../read/execute-reads.js'
import { successOf } from '../../read/read-result.js'

/** The pool views a swap replay needs (UniswapV3Pool, v3-core 1.0.0). */
export const uniswapV3PoolAbi = parseAbi([
  'function slot0() view returns (uint160 sqrtPriceX96, int24 tick, uint16 observationIndex, uint16 observationCardinality, uint16 observationCardinalityNext, uint8 feeProtocol, bool unlocked)',
  'function liquidity() view returns (uint128)',
  'function fee() view returns (uint24)',
  'function tickSpacing() view returns (int24)',
  'function tickBitmap(int16 wordPosition) view returns (uint256)',
  'function ticks(int24 tick) view returns (uint128 liquidityGross, int128 liquidityNet, uint256 feeGrowthOutside0X128, uint256 feeGrowthOutside1X128, int56 tickCumulativeOutside, uint160 secondsPerLiquidityOutsideX128, uint32 secondsOutside, bool initialized)',
])

/**
 * The price moves a stored pool state covers (the indexer's read at every block): the pool price
 * down 90% or up 10×, so a forced sale of either token may move its price down to a tenth before
 * the engine runs out of read ticks (`TickRangeNotCoveredError`, never a guess). Bounded: about 10
 * bitmap words each side at tick spacing 10 (fee 0.05%), 2 at spacing 60 or 200; one Multicall3
 * batch for the words and one for the initialized ticks found in them.
 */
export const storedPoolPriceRange = { down: 0.9, up: 9 } as const

const MIN_TICK = UNISWAP_V3_MIN_TICK
const MAX_TICK = UNISWAP_V3_MAX_TICK

export type ReadUniswapV3PoolParameters = {
  client: Client
  /** Every read is pinned to this block. */
  blockNumber: bigint
  pool: Address
  /**
   * Bitmap words to read on each side of the current one (a word spans 256·tickSpacing ticks:
   * ±29% of price at spacing 10, ±4.6× at spacing 60). A sale that moves the price further fails in
   * the engine with TickRangeNotCoveredError instead of guessing. Default 2 each side.
   */
  words?: { below: number; above: number } | undefined
  /**
   * Instead of `words`: the price moves the state must cover, as fractions (down 0.5 = the price
   * may halve, up 1 = it may double); the words are those {@link wordsForPriceRange} gives.
   */
  priceRange?: { down: number; up: number } | undefined
  multicallAddress?: Address | undefined
}

/**
 * The bitmap words on each side of the current one that hold every tick between price·(1 − down)
 * and price·(1 + up): |ln(1 ± move)/ln(1.0001)| ticks, 256·tickSpacing ticks a word, plus the word
 * the far tick falls in.
 *
 * @example
 * wordsForPriceRange({ tick: -196_256, tickSpacing: 10, down: 0.5, up: 0 }) // { below: 3, above: 0 }
 */
export function wordsForPriceRange(parameters: {
  tick: number
  tickSpacing: number
  down: number
  up: number
}): {
  below: number
  above: number
} {
  const { tick, tickSpacing, down, up } = parameters
  if (!(down >= 0 && down < 1) || !(up >= 0) || !Number.isFinite(up))
    throw new RangeError(`price range down ${down} must be in [0, 1) and up ${up} finite and non-negative`)
  const wordOf = (t: number) => Math.floor(Math.floor(t / tickSpacing) / 256)
  const ticksPerUnit = 1 / Math.log1p(0.0001)
  const lowest = Math.floor(tick + Math.log(1 - down) * ticksPerUnit) - tickSpacing
  const highest = Math.ceil(tick + Math.log1p(up) * ticksPerUnit) + tickSpacing
  return { below: wordOf(tick) - wordOf(lowest), above: wordOf(highest) - wordOf(tick) }
}

/**
 * Reads a Uniswap v3 pool at a pinned block for an exact swap replay: `slot0`, `liquidity`, fee and
 * spacing (one batch), the tick bitmap words around the price (one batch), then `ticks(i)` of every
 * initialized tick found (one batch) — three Multicall3 round trips whatever the pool's size.
 *
 * @example
 * const state = await readUniswapV3Pool({ client, blockNumber, pool, words: { below: 4, above: 0 } })
 * swapUniswapV3({ pool: state, zeroForOne: true, amountSpecified: 10n ** 18n }) // in @xmargin/engine
 */
export async function readUniswapV3Pool(
  parameters: ReadUniswapV3PoolParameters,
): Promise<UniswapV3PoolState> {
  const { client, blockNumber, pool, multicallAddress } = parameters
  const read = async (calls: ReadCall[]) =>
    (await executeReads({ client, blockNumber, calls, multicallAddress })).results
  const call = (functionName: string, args?: readonly unknown[]): ReadCall => ({
    address: pool,
    abi: uniswapV3PoolAbi,
    functionName,
    args,
    label: `uniswap-v3 ${functionName}${args ? `(${args.join(', ')})` : ''} @ ${pool}`,
  })
  const head = await read([call('slot0'), call('liquidity'), call('fee'), call('tickSpacing')])
  const [sqrtPriceX96, tick] = successOf<readonly [bigint, number]>(head[0], 'uniswap-v3 slot0')
  const liquidity = successOf<bigint>(head[1], 'uniswap-v3 liquidity')
  const fee = successOf<number>(head[2], 'uniswap-v3 fee')
  const tickSpacing = successOf<number>(head[3], 'uniswap-v3 tickSpacing')

  const words = parameters.priceRange
    ? wordsForPriceRange({ tick, tickSpacing, ...parameters.priceRange })
    : (parameters.words ?? { below: 2, above: 2 })
  const currentWord = Math.floor(Math.floor(tick / tickSpacing) / 256)
  const minWord = Math.floor(Math.floor(MIN_TICK / tickSpacing) / 256)
  const maxWord = Math.floor(Math.floor(MAX_TICK / tickSpacing) / 256)
  const firstWord = Math.max(currentWord - words.below, minWord)
  const lastWord = Math.min(currentWord + words.above, maxWord)
  const wordPositions = Array.from({ length: lastWord - firstWord + 1 }, (_, i) => firstWord + i)
  const bitmaps = await read(wordPositions.map((word) => call('tickBitmap', [word])))
  const initialized: number[] = []
  wordPositions.forEach((word, i) => {
    const bitmap = successOf<bigint>(bitmaps[i], `uniswap-v3 tickBitmap(${word})`)
    for (let bit = 0; bit < 256; bit++)
      if ((bitmap >> BigInt(bit)) & 1n) initialized.push((word * 256 + bit) * tickSpacing)
  })
  const tickResults = await read(initialized.map((index) => call('ticks', [index])))
  const ticks = initialized.map((index, i) => {
    const [, liquidityNet] = successOf<readonly [bigint, bigint]>(
      tickResults[i],
      `uniswap-v3 ticks(${index})`,
    )
    return { index, liquidityNet }
  })
  return {
    sqrtPriceX96,
    tick,
    liquidity,
    fee,
    tickSpacing,
    ticks,
    coveredTicks: {
      lower: Math.max(firstWord * 256 * tickSpacing, MIN_TICK),
      upper: Math.min((lastWord * 256 + 255) * tickSpacing, MAX_TICK),
    },
  }
}
