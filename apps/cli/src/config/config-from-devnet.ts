import {
  type ChainConfig,
  manifestContractKeys,
  type OptionsConfig,
  type PerpV2Config,
  type VenuesConfig,
  type WebSocketUrl,
  type XmarginConfig,
} from '@xmargin/config'
import type { ChainSpec } from '@xmargin/core'
import type { Address } from 'viem'
import { devnetChainSettings } from '../runtime/devnet-settings.js'

/**
 * What `xmargin init --from-devnet` reads of a devnet manifest file: the adapters' part, the options
 * venue's implied-volatility feeds where the devnet lists them, and the demo wallets.
 */
export type DevnetManifestFile = {
  chains: readonly ChainSpec[]
  wallets: readonly { name: string; address: Address }[]
}

/** Parameters of {@link configFromDevnet}. */
export type ConfigFromDevnetParameters = {
  manifest: DevnetManifestFile
  /** The config's SQLite file, relative to the config file. */
  databasePath: string
  /** The API port (`xmargin dev` holds its own, 4000 by default). */
  apiPort: number
}
/** Return type of {@link configFromDevnet}. */
export type ConfigFromDevnetReturnType = XmarginConfig

/**
 * The config that reproduces a running `xmargin dev`: its chains as dev follows them
 * (`devnetChainSettings`: the RPC URLs, heads by WebSocket, from block 0, 10-block finality), every
 * token with its feed, every venue the manifest lists (Aave v3, Morpho Blue with its markets, Perp
 * v2 with its markets, the options venue with its underlyings and volatility feeds; addresses mapped by
 * `manifestContractKeys`), the demo wallets, GraphiQL on as in dev, and the engine's default risk
 * parameters (no `risk` section), which dev runs with. Validate the result with `validateConfig`:
 * a venue the manifest lists only in part comes out with that address missing.
 *
 * @example
 * const config = configFromDevnet({ manifest: readDevnetManifestFile('.xmargin/devnet.json'), databasePath: '.xmargin/from-devnet.db', apiPort: 4001 })
 */
export function configFromDevnet(parameters: ConfigFromDevnetParameters): ConfigFromDevnetReturnType {
  const { manifest } = parameters
  const settings = devnetChainSettings(manifest)
  const chains: Record<string, ChainConfig> = {}
  manifest.chains.forEach((chain, i) => {
    const followed = settings[i]!
    chains[chain.name] = {
      chainId: chain.chainId,
      rpcUrls: followed.rpcUrls,
      webSocketUrl: followed.webSocketUrl as WebSocketUrl | undefined,
      finality: { depth: followed.finalityDepth, useFinalizedTag: followed.useFinalizedTag },
      startBlock: followed.startBlock,
      maxLagSeconds: followed.maxLagSeconds,
      multicall3: chain.contracts.multicall3,
      tokens: chain.tokens.map((t) => ({
        symbol: t.symbol,
        address: t.address,
        decimals: t.decimals,
        feed: t.feed,
        ...(t.wraps ? { wraps: t.wraps } : {}),
      })),
      venues: venuesOf(chain),
    }
  })
  return {
    chains,
    wallets: manifest.wallets.map((w) => w.address),
    database: { path: parameters.databasePath },
    api: { port: parameters.apiPort, host: '127.0.0.1', graphiql: true },
  }
}

/** The venues of a manifest chain in config form; a venue whose addresses are all absent is left out. */
function venuesOf(chain: ChainSpec): VenuesConfig {
  const venues: VenuesConfig = {}
  const aaveV3 = addressesOf(chain, 'aaveV3')
  if (aaveV3) venues.aaveV3 = aaveV3
  const morphoBlue = addressesOf(chain, 'morphoBlue')
  if (morphoBlue)
    venues.morphoBlue = {
      ...morphoBlue,
      markets: (chain.morphoMarkets ?? []).map((m) => ({
        loanToken: m.loanToken,
        collateralToken: m.collateralToken,
        oracle: m.oracle,
        irm: m.irm,
        lltv: BigInt(m.lltv),
      })),
    }
  const perpV2 = addressesOf(chain, 'perpV2')
  if (perpV2) {
    const markets: Record<string, PerpV2Config['markets'][string]> = {}
    for (const [symbol, m] of Object.entries(chain.venues?.perp?.markets ?? {}))
      markets[symbol] = { baseToken: m.baseToken }
    venues.perpV2 = { ...perpV2, markets }
  }
  const options = addressesOf(chain, 'options')
  if (options) {
    const underlyings: Record<string, OptionsConfig['underlyings'][string]> = {}
    for (const [symbol, u] of Object.entries(chain.venues?.options?.underlyings ?? {}))
      underlyings[symbol] = { key: u.key }
    const volatilityFeeds = (chain.venues?.options?.volatilityFeeds ?? []).map((v) => ({
      underlying: v.underlying,
      expiry: v.expiry,
      feed: v.feed,
    }))
    venues.options = { ...options, underlyings, ...(volatilityFeeds.length > 0 ? { volatilityFeeds } : {}) }
  }
  return venues
}

type ContractKeys = typeof manifestContractKeys

/**
 * A venue's addresses from the manifest's `contracts`, or `undefined` when none is there. Typed as
 * complete: one the manifest lacks stays absent, and `validateConfig` names it.
 */
function addressesOf<venue extends keyof ContractKeys>(
  chain: ChainSpec,
  venue: venue,
): Record<keyof ContractKeys[venue], Address> | undefined {
  const found = Object.entries(manifestContractKeys[venue]).flatMap(([field, key]: [string, string]) => {
    const address = chain.contracts[key]
    return address ? [[field, address] as const] : []
  })
  return found.length > 0
    ? (Object.fromEntries(found) as Record<keyof ContractKeys[venue], Address>)
    : undefined
}
