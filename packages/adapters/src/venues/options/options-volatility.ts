import { createChainlinkPriceSource, type PriceSource } from '../feeds/price-source.js'
import type { OptionsVenue } from './options-venue.js'

/** Return type of {@link createOptionsVolatilitySource}. */
export type CreateOptionsVolatilitySourceReturnType = PriceSource

/**
 * The options venue's implied vols as a feed source: `latestRoundData` and `decimals` of every
 * volatility feed, batched with the block's other reads at the pinned block. Its answers are
 * written like price answers (per feed, with the feed's `updatedAt`, no asset), so reorgs and the
 * price-age rule apply to them; the API maps each feed back to its (underlying, expiry) through
 * the venue's `volatilityFeeds`.
 *
 * @example
 * const source = createOptionsVolatilitySource(venue)
 * const { results } = await executeReads({ client, blockNumber, calls: source.reads() })
 * source.decode(results) // [{ feed, asset: null, value: 60000000n, decimals: 8, updatedAt, roundId }]
 */
export function createOptionsVolatilitySource(
  venue: Pick<OptionsVenue, 'volatilityFeeds'>,
): CreateOptionsVolatilitySourceReturnType {
  const feeds = (venue.volatilityFeeds ?? []).map((v) => ({ feed: v.feed, asset: null }))
  return { ...createChainlinkPriceSource({ feeds }), source: 'options-volatility' }
}
