import type { Address } from 'viem'
import { defineVenueConfig } from '../venue-config.js'

/** An Aave v3 market: its reserves and e-modes are read from the Pool at start. */
export type AaveV3Config = {
  pool: Address
  oracle: Address
  /** `AaveProtocolDataProvider`: informational (the adapter reads the Pool and the oracle). */
  dataProvider?: Address | undefined
}

/**
 * Aave v3 in a config (`venues.aaveV3`): its three addresses.
 *
 * @example
 * aaveV3Config.contracts.pool // 'aavePool'
 */
export const aaveV3Config = defineVenueConfig<AaveV3Config>()({
  key: 'aaveV3',
  contracts: { pool: 'aavePool', oracle: 'aaveOracle', dataProvider: 'aaveDataProvider' },
})
