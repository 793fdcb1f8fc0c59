import type { Hex } from 'viem'
import { readContract } from 'viem/actions'
import { ChainConfigError } from '../../errors/adapter-errors.js'
import { lower } from '../position-id.js'
import { defineVenue, requireAsset } from '../venue-definition.js'
import { optionsVenueAbi } from './options-abi.js'
import { optionsAdapter } from './options-adapter.js'
import { optionsConfig } from './options-config.js'
import type { OptionsVenue } from './options-venue.js'
import { createOptionsVolatilitySource } from './options-volatility.js'

/** The reference options venue's units: strikes in USD with 8 decimals, sizes with 18 (its contract's). */
const OPTIONS_UNITS = { strikeDecimals: 8, sizeDecimals: 18 } as const

/**
 * The reference options venue where the spec has `optionsVenue` and its underlyings (one without
 * the other is a `ChainConfigError`): its collateral token read from the venue (and required among
 * the chain's tokens), and its implied-volatility feeds read beside the price feeds.
 *
 * @example
 * const venue = await optionsDefinition.fromSpec({ spec, assets, client: () => client })
 */
export const optionsDefinition = defineVenue({
  key: 'options',
  adapter: optionsAdapter,
  config: optionsConfig,
  fromSpec: async ({ spec, assets, client }): Promise<OptionsVenue | undefined> => {
    const address = spec.contracts.optionsVenue
    const listed = spec.venues?.options?.underlyings
    if (Boolean(address) !== Boolean(listed))
      throw new ChainConfigError(
        `Chain ${spec.chainId} has ${address ? 'an options venue but no underlyings' : 'options underlyings but no options venue'}.`,
      )
    if (!address || !listed) return undefined
    const usdc = await readContract(client(), { address, abi: optionsVenueAbi, functionName: 'usdc' })
    requireAsset(assets, usdc, `The options venue's collateral token`, spec.chainId)
    return {
      venue: lower(address),
      collateralToken: lower(usdc),
      underlyings: new Map(
        Object.entries(listed).map(([symbol, { key }]) => [key.toLowerCase() as Hex, symbol]),
      ),
      ...OPTIONS_UNITS,
      volatilityFeeds: (spec.venues?.options?.volatilityFeeds ?? []).map((v) => ({
        underlying: v.underlying,
        expiry: v.expiry,
        feed: lower(v.feed),
      })),
    }
  },
  priceSources: (venue) => [createOptionsVolatilitySource(venue)],
})
