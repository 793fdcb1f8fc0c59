import type { ChainSpec } from '@xmargin/core'
import type { Address } from 'viem'

/** The fields of a venue config that hold one address. */
export type AddressField<TConfig> = {
  [F in keyof TConfig]-?: NonNullable<TConfig[F]> extends Address ? F : never
}[keyof TConfig]

/** What a venue's config adds to its chain's spec beside contract addresses (markets, underlyings). */
export type VenueSpecData = Pick<ChainSpec, 'morphoMarkets' | 'venues'>

/**
 * How a venue is configured in `xmargin.config.ts` and what that becomes in its chain's spec: the
 * key under a chain's `venues`, where each address field sits in the spec's `contracts` (read both
 * ways: a config to a spec, and `xmargin init --from-devnet` from a devnet's spec), and the rest as
 * spec data.
 */
export type VenueConfigBinding<TKey extends string, TConfig, TContracts> = {
  /** The venue's key under a chain's `venues` (`aaveV3`). */
  key: TKey
  /** Address field of the config → its key in the spec's `contracts` (`vault` → `perpVault`). */
  contracts: TContracts
  /** The config's markets, underlyings… as spec data; absent when addresses are all it has. */
  specData?: ((config: TConfig) => VenueSpecData) | undefined
}

/**
 * Declares a venue's config binding, typed by its config: every address field must be mapped to a
 * spec key (a missing one does not type-check). Curried so the config type is given and the key and
 * contract keys are inferred as literals.
 *
 * @example
 * export const perpV2Config = defineVenueConfig<PerpV2Config>()({ key: 'perpV2', contracts: { vault: 'perpVault', … } })
 */
export function defineVenueConfig<TConfig>() {
  return <
    const TKey extends string,
    const TContracts extends { readonly [F in AddressField<TConfig>]-?: string },
  >(
    binding: VenueConfigBinding<TKey, TConfig, TContracts>,
  ): VenueConfigBinding<TKey, TConfig, TContracts> => binding
}
