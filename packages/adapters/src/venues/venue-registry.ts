import { aaveV3Definition } from './aave-v3/aave-v3-definition.js'
import { morphoBlueDefinition } from './morpho-blue/morpho-blue-definition.js'
import { optionsDefinition } from './options/options-definition.js'
import { perpDefinition } from './perp/perp-definition.js'
import type { VenueConfigBinding } from './venue-config.js'
import type { AnyVenueConfigBinding } from './venue-definition.js'
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

/** The registry's venues a config can name. */
type ConfiguredVenue = Extract<VenueRegistry[number], { config: AnyVenueConfigBinding }>

/**
 * The venues of one chain in `xmargin.config.ts`, keyed as the registry's config bindings name them
 * (`aaveV3`, `morphoBlue`, `perpV2`, `options`), each with its own config type. Derived: a venue
 * added to the registry with a config binding is configurable.
 */
export type VenuesConfig = {
  [D in ConfiguredVenue as D['config']['key']]?:
    | (D['config'] extends VenueConfigBinding<string, infer TConfig, object> ? TConfig : never)
    | undefined
}

/**
 * Where each venue's address fields sit in a chain spec's `contracts`, per config key
 * (`perpV2.vault` → `perpVault`): derived from the registry's config bindings.
 *
 * @example
 * venueContractKeys.perpV2.vault // 'perpVault'
 */
export const venueContractKeys = Object.fromEntries(
  venueRegistry.flatMap((d) => (d.config ? [[d.config.key, d.config.contracts]] : [])),
) as { readonly [D in ConfiguredVenue as D['config']['key']]: D['config']['contracts'] }

/**
 * The registry's config bindings, in its order: what the config package validates, describes and
 * reads back from a spec, one loop for every venue (a test passes a registry of its own).
 *
 * @example
 * venueConfigBindings.map((b) => b.key) // ['aaveV3', 'morphoBlue', 'options', 'perpV2']
 */
export const venueConfigBindings: readonly AnyVenueConfigBinding[] = venueRegistry.flatMap((d) =>
  d.config ? [d.config] : [],
)
