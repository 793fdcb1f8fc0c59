import { type AnyVenueConfigBinding, type VenuesConfig, venueConfigBindings } from '@xmargin/adapters'
import type { ChainSpec } from '@xmargin/core'

/** Parameters of {@link venuesFromSpec}. */
export type VenuesFromSpecParameters = {
  spec: Pick<ChainSpec, 'contracts' | 'morphoMarkets' | 'venues'>
  /** The venues a config can name: the registry's config bindings (a test passes its own). */
  bindings?: readonly AnyVenueConfigBinding[] | undefined
}
/** Return type of {@link venuesFromSpec}. */
export type VenuesFromSpecReturnType = VenuesConfig

/**
 * A chain spec's venues in config form (`xmargin init --from-devnet`), the inverse of
 * `configChainSpecs`, one loop over the venue registry: each venue with at least one of its
 * addresses in the spec's `contracts` gets those addresses under its config field names and the
 * rest from its binding's `configData` (Morpho markets, Perp v2 markets, options underlyings and
 * vol feeds). A venue listed only in part keeps the missing address absent, so `validateConfig`
 * names it; a venue with none of its addresses is left out.
 *
 * @example
 * venuesFromSpec({ spec: specs[0] }) // { aaveV3: { pool: '0x…', oracle: '0x…', dataProvider: '0x…' } }
 */
export function venuesFromSpec(parameters: VenuesFromSpecParameters): VenuesFromSpecReturnType {
  const { spec, bindings = venueConfigBindings } = parameters
  const venues: Record<string, unknown> = {}
  for (const binding of bindings) {
    const addresses = Object.entries(binding.contracts).flatMap(([field, key]: [string, unknown]) => {
      const address = typeof key === 'string' ? spec.contracts[key] : undefined
      return address ? [[field, address] as const] : []
    })
    if (addresses.length === 0) continue
    venues[binding.key] = { ...Object.fromEntries(addresses), ...binding.configData?.(spec) }
  }
  // Each venue is its binding's config type, but for addresses the spec lacks (validateConfig names them).
  return venues as VenuesConfig
}
