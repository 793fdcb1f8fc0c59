import type { Address, Hex } from 'viem'
import { defineVenueConfig } from '../venue-config.js'

/** An underlying of the options venue: the venue's `bytes32` key for it. */
export type OptionsUnderlyingConfig = { key: Hex }

/**
 * An implied-volatility feed of the options venue: a Chainlink-style aggregator whose answer is the
 * annualised implied vol (8 decimals: `60000000` = 60%) of one underlying at one expiry.
 */
export type OptionsVolatilityFeedConfig = {
  /** One of the venue's `underlyings`. */
  underlying: string
  /** The option expiry it is quoted for, unix seconds. */
  expiry: number
  feed: Address
}

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
})
