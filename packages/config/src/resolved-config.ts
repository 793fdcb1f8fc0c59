import type { RiskParameters } from '@xmargin/core'
import type { Address } from 'viem'
import type {
  AaveV3Config,
  AutoTrackConfig,
  MorphoBlueConfig,
  OptionsConfig,
  PerpV2Config,
  RpcUrls,
  TokenConfig,
} from './define-config.js'
import type { ResolvedMarginSettings } from './margin-settings.js'
import type { ResolvedPriceImpact } from './price-impact.js'
import type { ResolvedApiSettings, ResolvedAttestationSettings } from './server-settings.js'
import type { ResolvedStoreSettings } from './store-settings.js'

/** One chain of a validated config, defaults applied. */
export type ResolvedChain = {
  name: string
  chainId: number
  rpcUrls: RpcUrls
  /** Followed by `eth_subscribe newHeads` when set; polling otherwise. */
  webSocketUrl: string | undefined
  finalityDepth: number
  useFinalizedTag: boolean
  startBlock: bigint | undefined
  multicall3: Address
  tokens: readonly TokenConfig[]
  aaveV3: AaveV3Config | undefined
  morphoBlue: MorphoBlueConfig | undefined
  perpV2: PerpV2Config | undefined
  options: OptionsConfig | undefined
  maxLagSeconds: number | undefined
  maxLogRange: number | undefined
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
