import type {
  AssetRiskParameters,
  ContingencyParameters,
  CorrelationEntry,
  FactorRiskParameters,
  RiskParameters,
} from '@xmargin/core'
import type { Address, Hex } from 'viem'
import type { PriceImpactConfig } from './price-impact.js'
import type { ApiLimits } from './server-settings.js'

/** At least one RPC URL; later ones are fallbacks. An empty list does not type-check. */
export type RpcUrls = readonly [string, ...string[]]

/** A WebSocket RPC endpoint: an http(s) URL here does not type-check. */
export type WebSocketUrl = `ws://${string}` | `wss://${string}`

/** A token the wallets may hold, with the Chainlink-style USD feed (`AggregatorV3Interface`) that prices it. */
export type TokenConfig = {
  /** Risk-parameter symbol: `WETH`, `USDC`, `USDC.e`… (must exist in the risk parameters). */
  symbol: string
  address: Address
  decimals: number
  feed: Address
}

/** An Aave v3 market: its reserves and e-modes are read from the Pool at start. */
export type AaveV3Config = {
  pool: Address
  oracle: Address
  /** `AaveProtocolDataProvider`: informational (the adapter reads the Pool and the oracle). */
  dataProvider?: Address | undefined
}

/** A Morpho Blue market by its parameters (its id is `keccak256(abi.encode(params))`). */
export type MorphoMarketConfig = {
  loanToken: Address
  collateralToken: Address
  oracle: Address
  irm: Address
  /** Liquidation LTV, 18 decimals (e.g. `860000000000000000n` = 86%). */
  lltv: bigint
}

/** Morpho Blue: the singleton and the markets to read. */
export type MorphoBlueConfig = { morpho: Address; markets: readonly MorphoMarketConfig[] }

/** A Perpetual Protocol v2 market: its virtual base token (`vETH`, `vBTC`). */
export type PerpV2MarketConfig = { baseToken: Address }

/**
 * Perpetual Protocol v2 (Curie): the contracts the adapter reads (positions from the ClearingHouse,
 * AccountBalance and Exchange, collateral from the Vault, whose settlement token must be one of the
 * chain's `tokens`) and the markets, keyed by the asset their positions carry (`ETH`, `BTC`: a
 * risk-parameter asset). Every address is required.
 */
export type PerpV2Config = {
  clearingHouse: Address
  vault: Address
  accountBalance: Address
  exchange: Address
  /** At least one market. */
  markets: Readonly<Record<string, PerpV2MarketConfig>>
}

/** An underlying of the options venue: the venue's `bytes32` key for it. */
export type OptionsUnderlyingConfig = { key: Hex }

/**
 * An implied-volatility feed of the options venue: a Chainlink-style aggregator whose answer is the
 * annualised implied vol (8 decimals: `60000000` = 60%) of one underlying at one expiry.
 */
export type OptionsVolatilityFeedConfig = {
  /** One of the venue's `underlyings`. */
  underlying: string
  /** The option expiry it is quoted for, unix seconds. */
  expiry: number
  feed: Address
}

/**
 * The options venue (the devnet's `ReferenceOptionsVenue`): its address (the collateral token is
 * read from it and must be one of the chain's `tokens`) and its underlyings, keyed by the asset
 * their options carry (`ETH`, `BTC`: a risk-parameter asset).
 */
export type OptionsConfig = {
  venue: Address
  /** At least one underlying. */
  underlyings: Readonly<Record<string, OptionsUnderlyingConfig>>
  /** Where the implied vols of the listed expiries are read (the devnet publishes one per seeded expiry). */
  volatilityFeeds?: readonly OptionsVolatilityFeedConfig[] | undefined
}

/** The venues read on one chain; each is optional, and its addresses are required once it is named. */
export type VenuesConfig = {
  aaveV3?: AaveV3Config | undefined
  morphoBlue?: MorphoBlueConfig | undefined
  perpV2?: PerpV2Config | undefined
  options?: OptionsConfig | undefined
}

/** One chain: RPC URLs (required), an optional WebSocket for new heads, finality, venues, tokens. */
export type ChainConfig = {
  chainId: number
  rpcUrls: RpcUrls
  /**
   * Follow new heads by WebSocket `eth_subscribe newHeads` (the indexer wakes on each block instead
   * of waiting for its next poll). Polling stays the fallback while the socket is down. Default: poll only.
   */
  webSocketUrl?: WebSocketUrl | undefined
  finality?:
    | {
        /** Confirmations after which a block is final (Ponder's defaults: mainnet 65, Arbitrum 240). */
        depth?: number | undefined
        /** Use the RPC's `finalized` tag when it serves one. Default true. */
        useFinalizedTag?: boolean | undefined
      }
    | undefined
  /** First block scanned for venue events (wallet discovery). Default: the head at first start. */
  startBlock?: bigint | number | undefined
  /** Multicall3; default the canonical `0xcA11bde05977b3631167028862bE2a173976CA11`. */
  multicall3?: Address | undefined
  tokens: readonly TokenConfig[]
  venues?: VenuesConfig | undefined
  /** Head age in seconds after which the chain is stale (reports UNKNOWN). Default 120. */
  maxLagSeconds?: number | undefined
  /** Largest `eth_getLogs` range for this provider. */
  maxLogRange?: number | undefined
}

/** Overrides of the engine's default risk parameters; each section is merged key by key. */
export type RiskOverrides = {
  assets?: Readonly<Record<string, AssetRiskParameters>> | undefined
  factors?: Readonly<Record<string, FactorRiskParameters>> | undefined
  /** Replaces the default correlation list when given. */
  correlations?: readonly CorrelationEntry[] | undefined
  contingencies?: Partial<ContingencyParameters> | undefined
  maxPriceAge?: RiskParameters['maxPriceAge'] | undefined
  staleMaterialityUsd?: number | undefined
  maintenanceRiskScale?: number | undefined
}

/** `api.autoTrack`: how the API treats a wallet it is asked about before it is tracked. */
export type AutoTrackConfig = {
  /** Track such a wallet when asked (`xmargin start`); off: answer UNKNOWN `not-tracked`. */
  enabled?: boolean | undefined
  /** New wallets tracked per rolling minute. */
  perMinute?: number | undefined
  /** Wallets added through the API in total. */
  total?: number | undefined
  /** Longest wait (ms) for the first read before answering `tracking-pending`. */
  waitMs?: number | undefined
}

/** The whole `xmargin.config.ts`. Chains are keyed by a name of your choice (`ethereum`, `arbitrum`…). */
export type XmarginConfig<chainName extends string = string> = {
  chains: { readonly [name in chainName]: ChainConfig }
  /** Default `engine defaults`; see `defaultRiskParameters` in `@xmargin/core`. */
  risk?: RiskOverrides | undefined
  /**
   * Market depth per asset for liquidation cascades (`cascade`, `xmargin cascade`), merged over
   * `defaultPriceImpact`: one curve per risk factor, unknown assets are errors.
   */
  priceImpact?: PriceImpactConfig | undefined
  /** Wallets tracked from the start (the indexer also discovers wallets from venue events). */
  wallets?: readonly Address[] | undefined
  /** Named groups of wallets margined together (`xmargin margin --account <name>`). */
  accounts?: Readonly<Record<string, readonly Address[]>> | undefined
  /**
   * Where the store lives: a SQLite file (`path`, relative to the config file; default
   * `.xmargin/xmargin.db`) or a PostgreSQL database (`url`, `postgres://user:password@host:port/db`; the
   * database must exist, the store creates its tables).
   */
  database?: { path: string; url?: undefined } | { url: string; path?: undefined } | undefined
  api?:
    | {
        /** Default 4000. */
        port?: number | undefined
        /** Default `127.0.0.1`. */
        host?: string | undefined
        /** Admin key for the mutations, ≥ 16 characters; `XMARGIN_ADMIN_KEY` (same rule) wins when set. */
        adminKey?: string | undefined
        /** GraphiQL and field suggestions. Default false. */
        graphiql?: boolean | undefined
        /**
         * Wallets asked about before they are tracked (`xmargin start`: tracked and read at once).
         * Defaults: `defaultAutoTrackLimits` in `@xmargin/api` (on, 60 per minute, 10,000 in total,
         * 2,500 ms wait); past a cap the API answers `TRACKING_LIMIT`.
         */
        autoTrack?: AutoTrackConfig | undefined
        /**
         * Origins a browser may read the API from (CORS), e.g. `['https://app.example']`; `['*']` for any
         * origin without credentials. Default none: no cross-origin reads.
         */
        cors?: readonly string[] | undefined
        /** Allow `__schema`/`__type` queries. Default: as `graphiql`. */
        introspection?: boolean | undefined
        /**
         * A JSON file `{ "<sha256 of the document>": "<document>" }` (relative to this file) served by id;
         * with `only: true` nothing else executes (`xmargin serve|start --persisted-only` too).
         */
        persistedOperations?: { file: string; only?: boolean | undefined } | undefined
        /**
         * Worker threads running the margin engine off the event loop (so the execution timeout stops a
         * long computation and trivial queries stay fast). Default: cores − 1, at least 1; 0 = in-process.
         */
        engineThreads?: number | undefined
        /**
         * Reverse proxies in front of the API (addresses or CIDR blocks): from them only, the client
         * address for the per-client limits is read from `X-Forwarded-For`. Default none.
         */
        trustedProxies?: readonly string[] | undefined
        /** Overrides of the server limits (`defaultApiLimits`: timeouts, connections, query cost…). */
        limits?: Partial<ApiLimits> | undefined
      }
    | undefined
  /** Attestations: the signer key is read from the environment variable `signerKeyEnv`, never from the file. */
  attestation?:
    | {
        /** Default `XMARGIN_ATTESTATION_KEY`. */
        signerKeyEnv?: string | undefined
        /** Names this deployment in the EIP-712 domain (`xmargin/<deploymentId>`); required to sign. */
        deploymentId?: string | undefined
        /** Chain id of the venue that verifies the attestations (EIP-712 domain `chainId`). */
        chainId?: number | undefined
        /** The signer address this deployment publishes: the server refuses to start with another key. */
        signer?: Address | undefined
      }
    | undefined
}

/**
 * Types an `xmargin.config.ts`. A chain without RPC URLs, or with an empty list, does not
 * type-check; everything else is also validated when the file is loaded, with the file and key named.
 *
 * @example
 * import { defineConfig } from '@xmargin/cli'
 *
 * export default defineConfig({
 *   chains: {
 *     ethereum: { chainId: 1, rpcUrls: ['https://eth.llamarpc.com'], tokens: [] },
 *   },
 * })
 */
export function defineConfig<const chainName extends string>(
  config: XmarginConfig<chainName>,
): XmarginConfig<chainName> {
  return config
}
