import type { ChainSpec } from '@xmargin/core'
import type { Address, Client } from 'viem'
import type { AdapterContext, AssetInfo, VenueAdapter } from '../adapter.js'
import { ChainConfigError } from '../errors/adapter-errors.js'
import type { PriceSource } from './feeds/price-source.js'
import { lower } from './position-id.js'
import type { VenueConfigBinding } from './venue-config.js'

/** Any venue's config binding. */
// biome-ignore lint/suspicious/noExplicitAny: a binding of any config type (its own file types it).
export type AnyVenueConfigBinding = VenueConfigBinding<string, any, object>

/** A structured info line (pino's `info(fields, message)` shape): stable snake_case keys such as `chain_id`. */
export type VenueLog = (fields: Record<string, unknown>, message: string) => void

/** What a venue is built from: the chain's spec, its tokens as assets, and its client. */
export type VenueFromSpecParameters = {
  spec: ChainSpec
  /** The chain's tokens, lowercased address → asset. */
  assets: ReadonlyMap<string, AssetInfo>
  /** The chain's client, for venues whose layout is read from the chain (Aave's reserves). */
  client: () => Client
  /** Where a venue reports what it detected while resolving (Aave's eMode layout); dropped without one. */
  log?: VenueLog | undefined
}

/**
 * One venue of the registry: its adapter, the key of its context on a chain (`aaveV3`), how its
 * configuration is built from a chain spec, how a user's config names it, and the extra feeds it
 * brings. Adding a venue is its folder (adapter, venue type, config, definition) and one line in
 * `venueRegistry`.
 */
export type VenueDefinition<
  TKey extends string,
  TVenue,
  TConfig extends AnyVenueConfigBinding | undefined = AnyVenueConfigBinding | undefined,
> = {
  key: TKey
  /** How `xmargin.config.ts` names the venue and what its config becomes in the chain spec; none for wallet balances. */
  config: TConfig
  // biome-ignore lint/suspicious/noExplicitAny: the registry holds adapters of any shared-state type.
  adapter: VenueAdapter<TVenue, any>
  /**
   * The venue on the chain, or undefined when the spec lists none of it. A venue named only in part
   * (Perp v2 without its exchange) throws `ChainConfigError`: never a venue silently left out.
   */
  fromSpec: (parameters: VenueFromSpecParameters) => Promise<TVenue | undefined> | TVenue | undefined
  /** Feeds the venue's answers come from beside the tokens' price feeds (the options venue's vols). */
  priceSources?: ((venue: TVenue) => PriceSource[]) | undefined
}

/**
 * Declares a venue of the registry (identity, for inference of its key and venue type).
 *
 * @example
 * export const perpDefinition = defineVenue({ key: 'perp', adapter: perpAdapter, fromSpec: async ({ spec }) => … })
 */
export function defineVenue<
  const TKey extends string,
  TVenue,
  TConfig extends AnyVenueConfigBinding | undefined,
>(definition: VenueDefinition<TKey, TVenue, TConfig>): VenueDefinition<TKey, TVenue, TConfig> {
  return definition
}

/** The typed contexts of a chain's venues, keyed as the registry keys them. */
export type VenueContexts<TRegistry extends readonly { key: string }[]> = {
  [D in TRegistry[number] as D['key']]?: D extends VenueDefinition<string, infer V>
    ? AdapterContext<V>
    : never
}

/**
 * A venue's collateral token must be one of the chain's tokens: its balances are valued through them.
 *
 * @example
 * requireAsset(assets, settlementToken, `Perp v2's settlement token`, 42161)
 */
export function requireAsset(
  assets: ReadonlyMap<string, AssetInfo>,
  token: Address,
  what: string,
  chainId: number,
): void {
  if (!assets.has(lower(token)))
    throw new ChainConfigError(
      `${what} ${token} on chain ${chainId} is not one of the chain's tokens: list it with its feed.`,
    )
}
