import { aaveV3Definition } from './aave-v3/aave-v3-definition.js'
import { morphoBlueDefinition } from './morpho-blue/morpho-blue-definition.js'
import { optionsDefinition } from './options/options-definition.js'
import { perpDefinition } from './perp/perp-definition.js'
import { walletDefinition } from './wallet/wallet-definition.js'

/**
 * Every venue xmargin reads, in the order a chain's adapters run. Adding a venue: its folder under
 * `venues/` (adapter, venue type, `defineVenue` definition, tests) and one line here.
 *
 * @example
 * for (const definition of venueRegistry) console.log(definition.key) // wallet, aaveV3, morphoBlue, options, perp
 */
export const venueRegistry = [
  walletDefinition,
  aaveV3Definition,
  morphoBlueDefinition,
  optionsDefinition,
  perpDefinition,
] as const

/** The registry's type, for the typed contexts of a chain's venues. */
export type VenueRegistry = typeof venueRegistry
