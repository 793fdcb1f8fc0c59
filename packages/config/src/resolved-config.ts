import type { VenuesConfig } from '@xmargin/adapters'
import type { ChainSpec, RiskParameters } from '@xmargin/core'
import type { Address } from 'viem'
import type { ChainSettings } from './chain-settings.js'
import type { AutoTrackConfig } from './define-config.js'
import type { ResolvedMarginSettings } from './margin-settings.js'
import type { ResolvedPriceImpact } from './price-impact.js'
import type { ResolvedApiSettings, ResolvedAttestationSettings } from './server-settings.js'
import type { ResolvedStoreSettings } from './store-settings.js'

/**
 * One chain of a validated config, defaults applied: how it is followed (its `ChainSettings`), its
 * spec's tokens and Multicall3, and its venues keyed as the venue registry names them
 * (`configChainSpecs` turns it into the chain's `ChainSpec`).
 */
export type ResolvedChain = ChainSettings &
  Pick<ChainSpec, 'tokens'> & {
    /** The chain's Uniswap v3 pools (none when the config lists none). */
    uniswapV3Pools: NonNullable<ChainSpec['uniswapV3Pools']>
    multicall3: ChainSpec['contracts']['multicall3']
    venues: VenuesConfig
  }

/** A config after validation: defaults applied, paths absolute, risk parameters merged and checked. */
export type ResolvedConfig = {
  /** The file it was loaded from (as given on the command line). */
  file: string
  chains: readonly ResolvedChain[]
  riskParameters: RiskParameters
  /** Depth curves of the cascade's forced sales, by factor (`priceImpact` over its defaults). */
  priceImpact: ResolvedPriceImpact
  /** `static` (the config's risk parameters) or `dynamic` (calibrated from the indexed price history). */
  margin: ResolvedMarginSettings
  wallets: readonly Address[]
  accounts: readonly { name: string; wallets: readonly Address[] }[]
  database: ResolvedDatabase
  /** What the store keeps below the finalized blocks (`store.retainHistoryDays`). */
  store: ResolvedStoreSettings
  api: ResolvedApiSettings & {
    /** Only the keys the file sets (the API's `defaultAutoTrackLimits` fill the rest). */
    autoTrack: AutoTrackConfig
  }
  /** Name of the environment variable holding the attestation signer key (also `attestation.signerKeyEnv`). */
  signerKeyEnv: string
  /** The EIP-712 domain's deployment id and chain id, the published signer. */
  attestation: ResolvedAttestationSettings
}

/** Where the store lives: a SQLite file (absolute path) or a PostgreSQL database URL. */
export type ResolvedDatabase = { dialect: 'sqlite'; path: string } | { dialect: 'postgresql'; url: string }
