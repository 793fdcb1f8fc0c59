import type { RiskParameters } from './risk-parameters.js'

/**
 * What a feed quotes, for the default price-age limit of a feed whose spec gives no heartbeat:
 * a crypto asset in USD, a stablecoin in USD, or an implied volatility (the options venue's).
 */
export type FeedKind = 'crypto' | 'stablecoin' | 'volatility'

/**
 * Seconds a price may be older than its feed's heartbeat before it is stale: the heartbeat is the
 * longest a Chainlink feed promises to go without a new round, and the round that ends it still has
 * to be aggregated, mined and indexed (seconds to a few minutes on a congested chain). 300 s keeps
 * the 1 h crypto feeds at the 3,900 s limit this project has always used.
 */
export const PRICE_AGE_MARGIN_SECONDS = 300

/**
 * The heartbeat assumed for a feed whose spec gives none, per kind: crypto USD feeds 1 h (Chainlink
 * ETH/USD and BTC/USD on mainnet), stablecoin USD feeds 24 h (most USDC/USD, USDT/USD, DAI/USD
 * feeds, which otherwise move only on a 0.1–0.25% deviation), implied vols 1 h: a vol is only as
 * good as the market it was fitted to, it moves with spot in a crash, and an option margined on a
 * vol older than the crypto prices beside it would be the weakest number of the report.
 */
export const defaultFeedHeartbeatSeconds: Readonly<Record<FeedKind, number>> = {
  crypto: 3_600,
  stablecoin: 86_400,
  volatility: 3_600,
}

/** Parameters of {@link priceAgeLimit}. */
export type PriceAgeLimitParameters = {
  maxPriceAge: RiskParameters['maxPriceAge']
  kind: FeedKind
  /** The feed id of the price (`chainlink:0x…`), for `maxPriceAge.bySource`. */
  source?: string | undefined
  /** The feed's heartbeat from its chain spec (`TokenSpec.heartbeatSeconds`), when given. */
  heartbeatSeconds?: number | undefined
}

/**
 * The one rule for how old a price (or implied vol) may be, in seconds, first match wins:
 * 1. `maxPriceAge.all`: one limit for every feed (`xmargin dev --max-price-age`, dev only);
 * 2. `maxPriceAge.bySource[source]`: a limit set for that feed (a config's `byToken` lands here);
 * 3. the feed's heartbeat + {@link PRICE_AGE_MARGIN_SECONDS};
 * 4. `maxPriceAge.byKind[kind]` (default: {@link defaultFeedHeartbeatSeconds} + the margin).
 *
 * @example
 * priceAgeLimit({ maxPriceAge: defaultRiskParameters.maxPriceAge, kind: 'stablecoin', heartbeatSeconds: 86_400 }) // 86_700
 * priceAgeLimit({ maxPriceAge: defaultRiskParameters.maxPriceAge, kind: 'crypto' }) // 3_900
 */
export function priceAgeLimit(parameters: PriceAgeLimitParameters): number {
  const { maxPriceAge, kind, source, heartbeatSeconds } = parameters
  if (maxPriceAge.all !== undefined) return maxPriceAge.all
  const set = source === undefined ? undefined : maxPriceAge.bySource?.[source]
  if (set !== undefined) return set
  if (heartbeatSeconds !== undefined) return heartbeatSeconds + PRICE_AGE_MARGIN_SECONDS
  return maxPriceAge.byKind[kind]
}

/**
 * The kind of the feed that prices `asset`: `stablecoin` when the asset's risk factor is a stable
 * one (`FactorRiskParameters.stable`, factor USD), else `crypto` (also for an asset the parameters
 * do not know: the stricter limit).
 *
 * @example
 * priceFeedKind(defaultRiskParameters, 'USDC') // 'stablecoin'
 */
export function priceFeedKind(
  parameters: Pick<RiskParameters, 'assets' | 'factors'>,
  asset: string,
): FeedKind {
  const factor = parameters.assets[asset]?.factor
  return factor !== undefined && parameters.factors[factor]?.stable === true ? 'stablecoin' : 'crypto'
}

/**
 * The feed id a price read from a Chainlink-style feed carries (`Price.source`), the key of
 * `maxPriceAge.bySource`: `chainlink:` and the feed's lowercased address.
 *
 * @example
 * feedSourceId('0x5f4eC3Df9cbd43714FE2740f5E3616155c5b8419') // 'chainlink:0x5f4ec3df9cbd43714fe2740f5e3616155c5b8419'
 */
export function feedSourceId(feed: string): string {
  return `chainlink:${feed.toLowerCase()}`
}
