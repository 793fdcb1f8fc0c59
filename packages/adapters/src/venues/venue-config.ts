import type { ChainSpec } from '@xmargin/core'
import type { Address } from 'viem'
import type { VenueConfigCheck } from './venue-config-check.js'

/** The fields of a venue config that hold one address. */
export type AddressField<TConfig> = {
  [F in keyof TConfig]-?: NonNullable<TConfig[F]> extends Address ? F : never
}[keyof TConfig]

/** What a venue's config adds to its chain's spec beside contract addresses (markets, underlyings). */
export type VenueSpecData = Pick<ChainSpec, 'morphoMarkets' | 'venues'>

/** A venue config's fields beyond its addresses (markets, underlyings…): what `configData` reads back from a spec. */
export type VenueConfigData<TConfig> = Omit<TConfig, AddressField<TConfig>>

/**
 * How a venue is configured in `xmargin.config.ts` and what that becomes in its chain's spec: the
 * key under a chain's `venues`, where each address field sits in the spec's `contracts` (read both
 * ways: a config to a spec, and `xmargin init --from-devnet` from a devnet's spec), the rest as
 * spec data and back, how a loaded config of it is checked, and how `--dry-run` names it. The
 * config package runs every venue through these, so a venue's config is its folder alone.
 */
export type VenueConfigBinding<TKey extends string, TConfig, TContracts> = {
  /** The venue's key under a chain's `venues` (`aaveV3`). */
  key: TKey
  /** Address field of the config → its key in the spec's `contracts` (`vault` → `perpVault`). */
  contracts: TContracts
  /** The config's markets, underlyings… as spec data; absent when addresses are all it has. */
  specData?: ((config: TConfig) => VenueSpecData) | undefined
  /**
   * The inverse of `specData`: the config's fields beyond its addresses, read from a spec that
   * lists the venue (`xmargin init --from-devnet`). Absent when addresses are all it has.
   */
  configData?: ((spec: VenueSpecData) => VenueConfigData<TConfig>) | undefined
  /**
   * Checks the venue's config as loaded (anything), recording every problem at its key through
   * `check.issue` (`venues.perpV2.exchange: not an address`); a value with no issue is a `TConfig`.
   */
  validate: (value: unknown, check: VenueConfigCheck) => void
  /** How `--dry-run` names the venue: `aave-v3`, `perp-v2 (ETH, BTC)`. */
  describe: (config: TConfig) => string
}

/**
 * Declares a venue's config binding, typed by its config: every address field must be mapped to a
 * spec key (a missing one does not type-check). Curried so the config type is given and the key and
 * contract keys are inferred as literals.
 *
 * @example
 * export const perpV2Config = defineVenueConfig<PerpV2Config>()({ key: 'perpV2', contracts: { vault: 'perpVault', … }, validate, describe })
 */
export function defineVenueConfig<TConfig>() {
  return <
    const TKey extends string,
    const TContracts extends { readonly [F in AddressField<TConfig>]-?: string },
  >(
    binding: VenueConfigBinding<TKey, TConfig, TContracts>,
  ): VenueConfigBinding<TKey, TConfig, TContracts> => binding
}
