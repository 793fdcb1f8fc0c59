import type { Address } from 'viem'
import { defineVenueConfig } from '../venue-config.js'
import { checkAddresses, isConfigObject } from '../venue-config-check.js'

/** An Aave v3 market: its reserves and e-modes are read from the Pool at start. */
export type AaveV3Config = {
  pool: Address
  oracle: Address
  /** `AaveProtocolDataProvider`: informational (the adapter reads the Pool and the oracle). */
  dataProvider?: Address | undefined
}

/**
 * Aave v3 in a config (`venues.aaveV3`): its three addresses (`pool` and `oracle` required).
 *
 * @example
 * aaveV3Config.contracts.pool // 'aavePool'
 */
export const aaveV3Config = defineVenueConfig<AaveV3Config>()({
  key: 'aaveV3',
  contracts: { pool: 'aavePool', oracle: 'aaveOracle', dataProvider: 'aaveDataProvider' },
  validate: (aave, { at, issue }) => {
    if (!isConfigObject(aave)) issue(at, 'must be { pool, oracle }')
    else
      checkAddresses({
        value: aave,
        at,
        keys: ['pool', 'oracle', 'dataProvider'],
        optional: ['dataProvider'],
        issue,
      })
  },
  describe: () => 'aave-v3',
})
