import type { ChainSpec } from '@xmargin/core'
import { type Address, type Client, defineChain, type Hex } from 'viem'
import { readContract } from 'viem/actions'
import type { AdapterContext, AssetInfo } from '../adapter.js'
import { bindAdapter } from '../bind-adapter.js'
import { ChainConfigError } from '../errors/adapter-errors.js'
import type { ChainAdapters } from '../read/read-snapshot.js'
import { aaveV3Adapter } from '../venues/aave-v3/aave-v3-adapter.js'
import type { AaveV3Venue } from '../venues/aave-v3/aave-v3-venue.js'
import { resolveAaveV3Venue } from '../venues/aave-v3/resolve-aave-v3-venue.js'
import { createChainlinkPriceSource } from '../venues/feeds/price-source.js'
import { morphoBlueAdapter } from '../venues/morpho-blue/morpho-blue-adapter.js'
import type { MorphoBlueVenue } from '../venues/morpho-blue/morpho-blue-venue.js'
import { optionsVenueAbi } from '../venues/options/options-abi.js'
import { optionsAdapter } from '../venues/options/options-adapter.js'
import type { OptionsVenue } from '../venues/options/options-venue.js'
import { createOptionsVolatilitySource } from '../venues/options/options-volatility.js'
import { perpVaultAbi } from '../venues/perp/perp-abis.js'
import { perpAdapter } from '../venues/perp/perp-adapter.js'
import type { PerpVenue } from '../venues/perp/perp-venue.js'
import { lower } from '../venues/position-id.js'
import { type WalletVenue, walletAdapter } from '../venues/wallet/wallet-adapter.js'

/**
 * Chain specs to bind adapters for: a config's (`configChainSpecs`) or the devnet manifest's (a
 * `DevnetManifest` is assignable to it).
 */
export type AdaptersManifest = {
  chains: readonly ChainSpec[]
  /** Seconds between the chains' blocks (0: a block per transaction); sets the devnet's freshness limit. */
  blockTimeSeconds?: number | undefined
}

/** One chain's adapters, bound and unbound (the typed contexts, for venue-specific helpers). */
export type ManifestChainAdapters = ChainAdapters & {
  contexts: {
    wallet: AdapterContext<WalletVenue>
    aaveV3?: AdapterContext<AaveV3Venue> | undefined
    morphoBlue?: AdapterContext<MorphoBlueVenue> | undefined
    options?: AdapterContext<OptionsVenue> | undefined
    perp?: AdapterContext<PerpVenue> | undefined
  }
}

export type AdaptersFromManifestParameters = {
  manifest: AdaptersManifest
  /** A client per chain id (Aave's reserve layout is read from its Pool). */
  clientOf: (chainId: number) => Client
}

/**
 * Builds every chain's adapter contexts from a devnet manifest: wallet balances of the chain's
 * tokens (native coin ETH on all devnet chains), one Chainlink feed per token, Aave v3 where
 * `aavePool` is deployed (its reserves resolved from the Pool: one batched read per step), Morpho
 * Blue over the manifest's markets, Perp v2 and the reference options venue where the manifest
 * lists them (their collateral tokens read from the venues, and required among the chain's
 * tokens), and the options venue's implied-volatility feeds beside the price feeds. A venue named
 * only in part (Perp v2 without its exchange, an options venue without underlyings) is a
 * `ChainConfigError`, never a venue silently left out. Async because of these reads.
 *
 * @example
 * const chains = await adaptersFromManifest({ manifest, clientOf: (id) => chainClient(config, id) })
 * const snapshot = await readSnapshot({ client, blockNumber, chain: chains[0], wallets })
 */
export async function adaptersFromManifest(
  parameters: AdaptersFromManifestParameters,
): Promise<ManifestChainAdapters[]> {
  return Promise.all(
    parameters.manifest.chains.map(async (chain): Promise<ManifestChainAdapters> => {
      const assets = new Map<string, AssetInfo>(
        chain.tokens.map((t) => [
          lower(t.address),
          { address: lower(t.address), symbol: t.symbol, decimals: t.decimals },
        ]),
      )
      const multicall3 = chain.contracts.multicall3
      const wallet: AdapterContext<WalletVenue> = {
        chainId: chain.chainId,
        assets,
        venue: {
          multicall3,
          native: { symbol: 'ETH', decimals: 18 },
          tokens: chain.tokens.map((t) => lower(t.address)),
        },
      }
      const contexts: ManifestChainAdapters['contexts'] = { wallet }
      const adapters = [bindAdapter(walletAdapter, wallet)]
      const { aavePool, aaveOracle, morpho } = chain.contracts
      if (aavePool) {
        if (!aaveOracle)
          throw new ChainConfigError(`Chain ${chain.chainId} has an Aave pool but no aaveOracle.`)
        const client = parameters.clientOf(chain.chainId)
        const venue = await resolveAaveV3Venue({ client, pool: aavePool, oracle: aaveOracle, multicall3 })
        contexts.aaveV3 = { chainId: chain.chainId, assets, venue }
        adapters.push(bindAdapter(aaveV3Adapter, contexts.aaveV3))
      }
      if (morpho && chain.morphoMarkets && chain.morphoMarkets.length > 0) {
        const markets = chain.morphoMarkets.map((m) => ({
          id: m.id.toLowerCase() as Hex,
          loanToken: lower(m.loanToken),
          collateralToken: lower(m.collateralToken),
          oracle: lower(m.oracle),
          irm: lower(m.irm),
          lltv: BigInt(m.lltv),
        }))
        contexts.morphoBlue = { chainId: chain.chainId, assets, venue: { morpho: lower(morpho), markets } }
        adapters.push(bindAdapter(morphoBlueAdapter, contexts.morphoBlue))
      }
      const optionsVenue = chain.contracts.optionsVenue
      const listed = chain.venues?.options?.underlyings
      if (Boolean(optionsVenue) !== Boolean(listed))
        throw new ChainConfigError(
          `Chain ${chain.chainId} has ${optionsVenue ? 'an options venue but no underlyings' : 'options underlyings but no options venue'}.`,
        )
      const priceSources = [
        createChainlinkPriceSource({ feeds: chain.tokens.map((t) => ({ feed: t.feed, asset: t.address })) }),
      ]
      if (optionsVenue && listed) {
        const client = parameters.clientOf(chain.chainId)
        const usdc = await readContract(client, {
          address: optionsVenue,
          abi: optionsVenueAbi,
          functionName: 'usdc',
        })
        requireAsset(assets, usdc, `The options venue's collateral token`, chain.chainId)
        const underlyings = new Map(
          Object.entries(listed).map(([symbol, { key }]) => [key.toLowerCase() as Hex, symbol]),
        )
        const venue: OptionsVenue = {
          venue: lower(optionsVenue),
          collateralToken: lower(usdc),
          underlyings,
          strikeDecimals: 8,
          sizeDecimals: 18,
          volatilityFeeds: (chain.venues?.options?.volatilityFeeds ?? []).map((v) => ({
            underlying: v.underlying,
            expiry: v.expiry,
            feed: lower(v.feed),
          })),
        }
        contexts.options = { chainId: chain.chainId, assets, venue }
        adapters.push(bindAdapter(optionsAdapter, contexts.options))
        priceSources.push(createOptionsVolatilitySource(venue))
      }
      const { perpClearingHouse, perpVault, perpAccountBalance, perpExchange } = chain.contracts
      const perpMarkets = chain.venues?.perp?.markets
      const perpParts = { perpClearingHouse, perpVault, perpAccountBalance, perpExchange, perpMarkets }
      const perpMissing = Object.keys(perpParts).filter((k) => !perpParts[k as keyof typeof perpParts])
      if (perpMissing.length > 0 && perpMissing.length < Object.keys(perpParts).length)
        throw new ChainConfigError(`Chain ${chain.chainId} has Perp v2 without ${perpMissing.join(', ')}.`)
      if (perpClearingHouse && perpVault && perpAccountBalance && perpExchange && perpMarkets) {
        const client = parameters.clientOf(chain.chainId)
        const settlementToken = await readContract(client, {
          address: perpVault,
          abi: perpVaultAbi,
          functionName: 'getSettlementToken',
        })
        requireAsset(assets, settlementToken, `Perp v2's settlement token`, chain.chainId)
        const venue: PerpVenue = {
          clearingHouse: lower(perpClearingHouse),
          vault: lower(perpVault),
          accountBalance: lower(perpAccountBalance),
          exchange: lower(perpExchange),
          settlementToken: lower(settlementToken),
          markets: Object.entries(perpMarkets).map(([symbol, m]) => ({
            symbol,
            baseToken: lower(m.baseToken),
          })),
        }
        contexts.perp = { chainId: chain.chainId, assets, venue }
        adapters.push(bindAdapter(perpAdapter, contexts.perp))
      }
      return { chainId: chain.chainId, multicall3, adapters, priceSources, contexts }
    }),
  )
}

/** A venue's collateral token must be one of the chain's tokens: its balances are valued through them. */
function requireAsset(assets: ReadonlyMap<string, AssetInfo>, token: Address, what: string, chainId: number) {
  if (!assets.has(lower(token)))
    throw new ChainConfigError(
      `${what} ${token} on chain ${chainId} is not one of the chain's tokens: list it with its feed.`,
    )
}

/**
 * viem chain definitions for a manifest's chains (ids as the manifest says, RPC URLs local), to
 * pass to `createChainsConfig`.
 *
 * @example
 * const config = createChainsConfig({ chains: manifestChains(manifest), rpcUrls: manifestRpcUrls(manifest), local: true })
 */
export function manifestChains(manifest: AdaptersManifest) {
  const chains = manifest.chains.map((chain) =>
    defineChain({
      id: chain.chainId,
      name: chain.name,
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [chain.rpcUrl] } },
      contracts: { multicall3: { address: chain.contracts.multicall3 } },
    }),
  )
  const [first, ...rest] = chains
  if (!first) throw new ChainConfigError('The manifest has no chains.')
  return [first, ...rest] as const
}

/**
 * Each manifest chain's RPC URL, keyed by chain id, for `createChainsConfig`.
 *
 * @example
 * manifestRpcUrls(manifest) // { 1: ['http://127.0.0.1:8545'], … }
 */
export function manifestRpcUrls(manifest: AdaptersManifest): Record<number, readonly [string, ...string[]]> {
  return Object.fromEntries(manifest.chains.map((chain) => [chain.chainId, [chain.rpcUrl] as const]))
}
