import { ChainConfigError } from '../../errors/adapter-errors.js'
import { defineVenue } from '../venue-definition.js'
import { aaveV3Adapter } from './aave-v3-adapter.js'
import { aaveV3Config } from './aave-v3-config.js'
import { resolveAaveV3Venue } from './resolve-aave-v3-venue.js'

/**
 * Aave v3 where the spec has an `aavePool` (and its `aaveOracle`): reserves and eModes resolved
 * from the Pool (its eMode layout, v3.0 or v3.2+, detected and logged as `venue resolved`), one
 * batched read per step.
 *
 * @example
 * const venue = await aaveV3Definition.fromSpec({ spec, assets, client: () => client })
 */
export const aaveV3Definition = defineVenue({
  key: 'aaveV3',
  adapter: aaveV3Adapter,
  config: aaveV3Config,
  fromSpec: async ({ spec, client, log }) => {
    const { aavePool, aaveOracle, multicall3 } = spec.contracts
    if (!aavePool) return undefined
    if (!aaveOracle) throw new ChainConfigError(`Chain ${spec.chainId} has an Aave pool but no aaveOracle.`)
    const venue = await resolveAaveV3Venue({
      client: client(),
      pool: aavePool,
      oracle: aaveOracle,
      multicall3,
    })
    log?.(
      {
        chain_id: spec.chainId,
        venue: 'aave-v3',
        pool: venue.pool,
        emode_layout: venue.eModeLayout,
        emode_categories: venue.eModeCategories.map((c) => c.id),
        reserves: venue.reserves.length,
      },
      'venue resolved',
    )
    return venue
  },
})
