import { parseUnits } from 'viem'
import { FEED_DECIMALS } from '../config.js'
import { DevnetError } from '../errors.js'
import type { DevnetManifest } from '../manifest.js'
import { movePrices, type PriceMove } from './move-prices.js'

export type ShockPriceParameters = { symbol: string } & (
  | {
      /** Percentage move, e.g. -20 for a 20% drop; precision 0.01%. */
      percent: number
      price?: undefined
    }
  | {
      /** Absolute USD price, a decimal string or number (e.g. '2500'); up to 8 decimals. */
      price: string | number
      percent?: undefined
    }
)

export type ShockPriceReturnType = PriceMove[]

/**
 * Moves an asset's price on every chain where it is deployed, by a percentage or to an absolute
 * USD price, through its feeds (Aave's oracle, the Morpho oracles, the options venue and Perp v2's
 * index read the same feeds, so every venue agrees). Every chain's feed moves in one block stamped
 * with one timestamp (see `movePrices`), so no reader sees a half-shocked book. Refuses, and changes
 * nothing, if any of the asset's feeds is frozen.
 *
 * @example
 * await shockPrice(manifest, { symbol: 'WETH', percent: -20 })
 * await shockPrice(manifest, { symbol: 'WETH', price: '2500' })
 */
export async function shockPrice(
  manifest: DevnetManifest,
  parameters: ShockPriceParameters,
): Promise<ShockPriceReturnType> {
  const { symbol } = parameters
  let next: (before: bigint) => bigint
  if (parameters.price !== undefined) {
    const price = String(parameters.price)
    if (!/^\d+(\.\d{1,8})?$/.test(price) || parseUnits(price, FEED_DECIMALS) <= 0n)
      throw new DevnetError(`Invalid price ${price} for ${symbol}.`, {
        details: `A price is a positive USD amount with at most ${FEED_DECIMALS} decimals, e.g. 2500.`,
      })
    const answer = parseUnits(price, FEED_DECIMALS)
    next = () => answer
  } else {
    const { percent } = parameters
    if (!Number.isFinite(percent) || percent <= -100) {
      throw new DevnetError(`Invalid shock ${percent}% for ${symbol}.`, {
        details: 'A shock must be above -100%.',
      })
    }
    const bps = BigInt(Math.round(percent * 100))
    next = (before) => (before * (10_000n + bps)) / 10_000n
  }
  const { moves } = await movePrices(manifest, { symbols: [symbol], next: ({ before }) => next(before) })
  return moves
}
