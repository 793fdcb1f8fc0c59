import type { VenuesConfig } from '@xmargin/adapters'
import type {
  AssetRiskParameters,
  ChainSpec,
  ContingencyParameters,
  CorrelationEntry,
  FactorRiskParameters,
  TokenSpec,
} from '@xmargin/core'
import type { Address } from 'viem'
import type { MarginConfig } from './margin-settings.js'
import type { PriceImpactConfig } from './price-impact.js'
import type { PriceAgeOverrides } from './resolve-price-age.js'
import type { ApiLimits } from './server-settings.js'
import type { StoreConfig } from './store-settings.js'

/** At least one RPC URL; later ones are fallbacks. An empty list does not type-check. */
export type RpcUrls = readonly [string, ...string[]]

/** A WebSocket RPC endpoint: an http(s) URL here does not type-check. */
export type WebSocketUrl = `ws://${string}` | `wss://${string}`

/**
 * A token the wallets may hold, with the Chainlink-style USD feed (`AggregatorV3Interface`) that
 * prices it: the chain spec's token as it is (its symbol must exist in the risk parameters).
 */
export type TokenConfig = TokenSpec

/**
 * The venues' config types live with each venue (its folder in `@xmargin/adapters`); the chain's
 * `venues` object is derived from the venue registry.
 */
export type {
  AaveV3Config,
  MorphoBlueConfig,
  MorphoMarketConfig,
  OptionsConfig,
  OptionsUnderlyingConfig,
  OptionsVolatilityFeedConfig,
  PerpV2Config,
  PerpV2MarketConfig,
  VenuesConfig,
} from '@xmargin/adapters'

/** One chain: RPC URLs (required), an optional WebSocket for new heads, finality, venues, tokens. */
export type ChainConfig = Pick<ChainSpec, 'chainId'> & {
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
  multicall3?: ChainSpec['contracts']['multicall3'] | undefined
  tokens: ChainSpec['tokens']
  /**
   * Uniswap v3 pools whose state the indexer stores at every block: a cascade sells the base token's
   * seized collateral into its pool (exact swap math) instead of the `priceImpact` depth curve. Base
   * and quote are symbols of this chain's `tokens`.
   */
  uniswapV3Pools?: ChainSpec['uniswapV3Pools']
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
  /** How old a price may be: by feed kind, feed id or token (see {@link PriceAgeOverrides}); tokens' `heartbeatSeconds` set it per feed. */
  maxPriceAge?: PriceAgeOverrides | undefined
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
  /**
   * `{ model: 'static' }` (default): every report uses the risk parameters above. `{ model: 'dynamic' }`:
   * scan ranges, vols and correlations are calibrated from the indexed feed rounds (see `MarginConfig`).
   */
  margin?: MarginConfig | undefined
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
  /**
   * What the store keeps: `retainHistoryDays` of history below the finalized blocks (default 7); and
   * `writerLockTimeoutSeconds`, after which a silent writer's chains pass to a standby (default 30).
   */
  store?: StoreConfig | undefined
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
