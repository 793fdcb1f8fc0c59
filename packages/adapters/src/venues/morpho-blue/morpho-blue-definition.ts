import type { Hex } from 'viem'
import { lower } from '../position-id.js'
import { defineVenue } from '../venue-definition.js'
import { morphoBlueAdapter } from './morpho-blue-adapter.js'
import { morphoBlueConfig } from './morpho-blue-config.js'
import type { MorphoBlueVenue } from './morpho-blue-venue.js'

/**
 * Morpho Blue where the spec has `morpho` and at least one market.
 *
 * @example
 * const venue = morphoBlueDefinition.fromSpec({ spec, assets, client })
 */
export const morphoBlueDefinition = defineVenue({
  key: 'morphoBlue',
  adapter: morphoBlueAdapter,
  config: morphoBlueConfig,
  fromSpec: ({ spec }): MorphoBlueVenue | undefined => {
    const { morpho } = spec.contracts
    const markets = spec.morphoMarkets ?? []
    if (!morpho || markets.length === 0) return undefined
    return {
      morpho: lower(morpho),
      markets: markets.map((m) => ({
        id: m.id.toLowerCase() as Hex,
        loanToken: lower(m.loanToken),
        collateralToken: lower(m.collateralToken),
        oracle: lower(m.oracle),
        irm: lower(m.irm),
        lltv: BigInt(m.lltv),
      })),
    }
  },
})
