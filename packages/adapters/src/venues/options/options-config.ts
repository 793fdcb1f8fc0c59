import type { OptionsUnderlyingSpec, VolatilityFeedSpec } from '@xmargin/core'
import { type Address, isHex } from 'viem'
import { defineVenueConfig } from '../venue-config.js'
import { checkAddresses, isConfigObject, type VenueConfigCheck } from '../venue-config-check.js'

/** An underlying of the options venue: the venue's `bytes32` key for it, as the chain spec holds it. */
export type OptionsUnderlyingConfig = OptionsUnderlyingSpec

/** An implied-volatility feed of the options venue, as the chain spec holds it (8-decimal annualised vols). */
export type OptionsVolatilityFeedConfig = VolatilityFeedSpec

/**
 * The options venue (the devnet's `ReferenceOptionsVenue`): its address (the collateral token is
 * read from it and must be one of the chain's `tokens`) and its underlyings, keyed by the asset
 * their options carry (`ETH`, `BTC`: a risk-parameter asset).
 */
export type OptionsConfig = {
  venue: Address
  /** At least one underlying. */
  underlyings: Readonly<Record<string, OptionsUnderlyingConfig>>
  /** Where the implied vols of the listed expiries are read (the devnet publishes one per seeded expiry). */
  volatilityFeeds?: readonly OptionsVolatilityFeedConfig[] | undefined
}

/**
 * The options venue in a config (`venues.options`): its address, and its underlyings and
 * volatility feeds as spec data.
 *
 * @example
 * optionsConfig.contracts.venue // 'optionsVenue'
 */
export const optionsConfig = defineVenueConfig<OptionsConfig>()({
  key: 'options',
  contracts: { venue: 'optionsVenue' },
  specData: (config) => ({
    venues: {
      options: {
        underlyings: config.underlyings,
        ...(config.volatilityFeeds ? { volatilityFeeds: config.volatilityFeeds } : {}),
      },
    },
  }),
  configData: (spec) => {
    const underlyings = Object.fromEntries(
      Object.entries(spec.venues?.options?.underlyings ?? {}).map(([symbol, u]) => [symbol, { key: u.key }]),
    )
    const volatilityFeeds = (spec.venues?.options?.volatilityFeeds ?? []).map((v) => ({
      underlying: v.underlying,
      expiry: v.expiry,
      feed: v.feed,
      ...(v.heartbeatSeconds === undefined ? {} : { heartbeatSeconds: v.heartbeatSeconds }),
    }))
    return { underlyings, ...(volatilityFeeds.length > 0 ? { volatilityFeeds } : {}) }
  },
  validate: validateOptionsConfig,
  describe: (config) => `options (${Object.keys(config.underlyings).join(', ')})`,
})

/** The options venue's config: its address, its underlyings (known assets, `bytes32` keys), its vol feeds. */
function validateOptionsConfig(venue: unknown, { at, issue, asset }: VenueConfigCheck): void {
  if (!isConfigObject(venue)) {
    issue(at, 'must be { venue, underlyings }')
    return
  }
  checkAddresses({ value: venue, at, keys: ['venue'], issue })
  const underlyings = venue.underlyings
  if (!isConfigObject(underlyings) || Object.keys(underlyings).length === 0)
    issue(`${at}.underlyings`, "needs at least one underlying, e.g. { ETH: { key: '0x4554…' } }")
  else
    for (const [name, underlying] of Object.entries(underlyings)) {
      asset(`${at}.underlyings.${name}`, name)
      if (
        !isConfigObject(underlying) ||
        !isHex(underlying.key, { strict: true }) ||
        underlying.key.length !== 66
      )
        issue(`${at}.underlyings.${name}.key`, "must be the venue's bytes32 key (0x + 64 hex digits)")
    }
  const feeds = venue.volatilityFeeds
  if (feeds !== undefined && !Array.isArray(feeds))
    issue(`${at}.volatilityFeeds`, 'must be a list of { underlying, expiry, feed }')
  else
    feeds?.forEach((feed: unknown, i) => {
      const path = `${at}.volatilityFeeds[${i}]`
      if (!isConfigObject(feed)) {
        issue(path, 'must be { underlying, expiry, feed }')
        return
      }
      if (
        typeof feed.underlying !== 'string' ||
        !isConfigObject(underlyings) ||
        !(feed.underlying in underlyings)
      )
        issue(`${path}.underlying`, `must be one of the venue's underlyings: ${String(feed.underlying)}`)
      if (!(typeof feed.expiry === 'number' && Number.isSafeInteger(feed.expiry) && feed.expiry > 0))
        issue(`${path}.expiry`, 'must be the expiry in unix seconds')
      checkAddresses({ value: feed, at: path, keys: ['feed'], issue })
      const { heartbeatSeconds } = feed
      if (
        heartbeatSeconds !== undefined &&
        !(
          typeof heartbeatSeconds === 'number' &&
          Number.isSafeInteger(heartbeatSeconds) &&
          heartbeatSeconds > 0
        )
      )
        issue(`${path}.heartbeatSeconds`, "must be a positive whole number of seconds (the feed's heartbeat)")
    })
}
