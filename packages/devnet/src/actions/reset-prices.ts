import { parseUnits } from 'viem'
import { devnetTokens, FEED_DECIMALS } from '../config.js'
import { DevnetError } from '../errors.js'
import type { DevnetManifest } from '../manifest.js'
import { movePrices, type PriceMove } from './move-prices.js'

export type ResetPricesParameters = {
  /** Only this token; every token whose feed moved when omitted. */
  symbol?: string | undefined
}
/** The feeds that moved back (feeds already at their seeded price are left alone). */
export type ResetPricesReturnType = PriceMove[]

/**
 * Puts feeds back to the devnet's seeded prices (`devnetTokens`: WETH 3,000, WBTC 60,000, …) on
 * every chain, in one block per chain at one timestamp like a shock: the undo of `shockPrice`.
 * Refuses, changing nothing, while a feed to move is frozen.
 *
 * @example
 * await resetPrices(manifest) // every shocked feed back to its seeded price
 * await resetPrices(manifest, { symbol: 'WETH' })
 */
export async function resetPrices(
  manifest: DevnetManifest,
  parameters: ResetPricesParameters = {},
): Promise<ResetPricesReturnType> {
  const seeded = new Map(devnetTokens.map((t) => [t.symbol, parseUnits(String(t.priceUsd), FEED_DECIMALS)]))
  const { symbol } = parameters
  if (symbol !== undefined && !seeded.has(symbol))
    throw new DevnetError(`No devnet token ${symbol}.`, {
      details: `Known tokens: ${[...seeded.keys()].join(', ')}.`,
    })
  const symbols = symbol === undefined ? [...seeded.keys()] : [symbol]
  const { moves } = await movePrices(manifest, { symbols, next: ({ symbol: s }) => seeded.get(s)! })
  return moves
}
