import {
  type AnyVenueConfigBinding,
  isConfigObject,
  type VenuesConfig,
  venueConfigBindings,
} from '@xmargin/adapters'

/** Parameters of {@link validateVenues}. */
export type ValidateVenuesParameters = {
  /** The chain's `venues` value as loaded (anything). */
  venues: unknown
  /** Risk-parameter asset symbols (unknown until the risk overrides are valid). */
  knownAssets: ReadonlySet<string> | undefined
  /** Records a problem at a key relative to the chain (`venues.perpV2.vault`). */
  issue: (path: string, message: string) => void
  /** The venues a config can name: the registry's config bindings (a test passes its own). */
  bindings?: readonly AnyVenueConfigBinding[] | undefined
}
/** Return type of {@link validateVenues}: each venue named in the config (meaningful only without issues). */
export type ValidateVenuesReturnType = VenuesConfig

/**
 * Validates a chain's `venues`, one loop over the venue registry: each venue the chain names is
 * checked by its own binding (`validate`: every address it needs, e.g.
 * `venues.perpV2.exchange: not an address`, Morpho LLTVs, Perp v2 markets and options underlyings
 * known to the risk parameters…). A name no venue of the registry has is an issue too.
 *
 * @example
 * const venues = validateVenues({ venues: chain.venues, knownAssets, issue: (path, message) => issues.push({ path: `chains.base.${path}`, message }) })
 */
export function validateVenues(parameters: ValidateVenuesParameters): ValidateVenuesReturnType {
  const { venues, knownAssets, issue, bindings = venueConfigBindings } = parameters
  const keys = bindings.map((b) => b.key)
  if (venues === undefined) return {}
  if (!isConfigObject(venues)) {
    issue('venues', `must be an object with any of ${keys.join(', ')}`)
    return {}
  }
  for (const key of Object.keys(venues))
    if (!keys.includes(key)) issue(`venues.${key}`, `unknown venue (expected one of ${keys.join(', ')})`)
  const asset = (path: string, symbol: string) => {
    if (knownAssets && !knownAssets.has(symbol))
      issue(path, `unknown asset "${symbol}": add it under risk.assets`)
  }
  const valid: Record<string, unknown> = {}
  for (const binding of bindings) {
    const value = venues[binding.key]
    if (value === undefined) continue
    binding.validate(value, { at: `venues.${binding.key}`, issue, asset })
    valid[binding.key] = value
  }
  // Each value passed its own binding's `validate` (the caller drops the chain on any issue).
  return valid as VenuesConfig
}
