import { defaultFeedHeartbeatSeconds, type VolatilityFeedSpec } from '@xmargin/core'
import type { DevnetClient } from '../chain/client.js'
import { FEED_DECIMALS } from '../config.js'
import { deployContract } from '../deploy/deploy-contract.js'
import { priceFeedArtifact, toFeedAnswer } from '../deploy/deploy-tokens.js'
import type { OptionsUnderlyingSymbol } from './deploy-options.js'

/** One implied volatility to publish: an underlying, an expiry and an annualised vol (0.6 = 60%). */
export type VolatilityToPublish = { underlying: OptionsUnderlyingSymbol; expiry: bigint; volatility: number }

/**
 * A deployed implied-volatility feed: the manifest's `venues.options.volatilityFeeds` entries, the
 * chain spec's vol feed (its `feed` a `DevnetPriceFeed`) with the devnet's underlying symbols and
 * the answer's decimals (8: 60000000 = 60%).
 */
export type VolatilityFeed = VolatilityFeedSpec & {
  underlying: OptionsUnderlyingSymbol
  decimals: number
}

/**
 * Deploys one implied-volatility feed per (underlying, expiry): a `DevnetPriceFeed` (the devnet's
 * Chainlink-style aggregator, as Chainlink publishes volatility feeds) whose answer is the
 * annualised vol with 8 decimals and whose description names the underlying and the expiry. The
 * client's account owns them (`setPrice` moves a vol, `setFrozen` stops it), and the devnet
 * heartbeat (`refreshFeeds`) keeps them current like the price feeds.
 *
 * @example
 * const feeds = await deployVolatilityFeeds(deployer, [{ underlying: 'ETH', expiry: 1767254400n, volatility: 0.6 }])
 * feeds[0].feed // 0x… answer 60000000
 */
export async function deployVolatilityFeeds(
  client: DevnetClient,
  specs: readonly VolatilityToPublish[],
): Promise<VolatilityFeed[]> {
  const artifact = priceFeedArtifact()
  const feeds: VolatilityFeed[] = []
  for (const { underlying, expiry, volatility } of specs) {
    const date = new Date(Number(expiry) * 1000).toISOString().replace('.000Z', 'Z')
    const feed = await deployContract(client, {
      artifact,
      args: [FEED_DECIMALS, `${underlying} implied volatility ${date}`, toFeedAnswer(volatility)],
    })
    feeds.push({
      underlying,
      expiry: Number(expiry),
      feed,
      decimals: FEED_DECIMALS,
      // No public vol feed to copy: the engine's default for vols (1 h, see defaultFeedHeartbeatSeconds).
      heartbeatSeconds: defaultFeedHeartbeatSeconds.volatility,
    })
  }
  return feeds
}
