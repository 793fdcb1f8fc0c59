import { type ChainConfig, venuesFromSpec, type XmarginConfig } from '@xmargin/config'
import type { Address } from 'viem'
import { type DevnetChainSettingsParameters, devnetChainSettings } from '../runtime/devnet-settings.js'

/**
 * What `xmargin init --from-devnet` reads of a devnet manifest file: its chains (chain specs), the
 * demo wallets, and the block time the chains' freshness limit follows (`devnetChainSettings`).
 */
export type DevnetManifestFile = DevnetChainSettingsParameters & {
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
 * token with its feed, its Uniswap v3 pools (where forced sales are priced), every venue the manifest lists (Aave v3, Morpho Blue with its markets, Perp
 * v2 with its markets, the options venue with its underlyings and volatility feeds: `venuesFromSpec`,
 * one loop over the venue registry), the demo wallets, GraphiQL on as in dev, and the engine's default risk
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
      webSocketUrl: followed.webSocketUrl,
      finality: { depth: followed.finalityDepth, useFinalizedTag: followed.useFinalizedTag },
      startBlock: followed.startBlock,
      maxLagSeconds: followed.maxLagSeconds,
      multicall3: chain.contracts.multicall3,
      tokens: chain.tokens.map((t) => ({
        symbol: t.symbol,
        address: t.address,
        decimals: t.decimals,
        feed: t.feed,
        ...(t.heartbeatSeconds === undefined ? {} : { heartbeatSeconds: t.heartbeatSeconds }),
        ...(t.wraps ? { wraps: t.wraps } : {}),
      })),
      // the spec's pools only (a devnet pool's fee and tokens are read from the chain)
      ...(chain.uniswapV3Pools?.length
        ? {
            uniswapV3Pools: chain.uniswapV3Pools.map((p) => ({
              address: p.address,
              baseSymbol: p.baseSymbol,
              quoteSymbol: p.quoteSymbol,
            })),
          }
        : {}),
      venues: venuesFromSpec({ spec: chain }),
    }
  })
  return {
    chains,
    wallets: manifest.wallets.map((w) => w.address),
    database: { path: parameters.databasePath },
    api: { port: parameters.apiPort, host: '127.0.0.1', graphiql: true },
  }
}
