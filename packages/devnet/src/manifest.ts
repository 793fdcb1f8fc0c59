import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  type ChainSpec,
  type ChainSpecIssue,
  chainSpecIssues,
  type MorphoMarketSpec,
  type TokenSpec,
} from '@xmargin/core'
import { type Address, type Hex, isAddress } from 'viem'
import { DevnetError } from './errors.js'
import type { OptionsUnderlyingSymbol } from './options/deploy-options.js'
import type { VolatilityFeed } from './options/deploy-volatility-feeds.js'
import type { PerpContracts } from './perp/deploy-perp.js'
import type { PerpMarket, PerpMarketSymbol } from './perp/deploy-perp-market.js'
import type { ManifestUniswapV3Pool } from './uniswap/deploy-uniswap-pools.js'

/** A token of a devnet chain: the chain spec's token (its feed prices it; `wraps`: WBTC → BTC). */
export type ManifestToken = TokenSpec

/** A Morpho Blue market of the devnet: the chain spec's market with its tokens' symbols. */
export type ManifestMorphoMarket = MorphoMarketSpec & {
  loanSymbol: string
  collateralSymbol: string
}

/** Every contract key a chain's `contracts` may hold (venue prefix + the protocol's own name). */
export type ManifestContractName =
  | 'multicall3'
  | 'aavePool'
  | 'aavePoolAddressesProvider'
  | 'aavePoolConfigurator'
  | 'aaveOracle'
  | 'aaveDataProvider'
  | 'aaveAclManager'
  | 'morpho'
  | 'morphoIrm'
  | 'perpClearingHouse'
  | 'perpVault'
  | 'perpAccountBalance'
  | 'perpExchange'
  | 'perpOrderBook'
  | 'perpMarketRegistry'
  | 'perpClearingHouseConfig'
  | 'perpInsuranceFund'
  | 'perpQuoteToken'
  | 'perpCollateralManager'
  | 'perpDelegateApproval'
  | 'perpUniswapV3Factory'
  | 'optionsVenue'
  | 'uniswapV3Factory'
  | 'uniswapV3PositionManager'
  | 'uniswapV3SwapRouter'
  | 'uniswapV3QuoterV2'

/** Perpetual Protocol v2 (Curie) markets by symbol: base token, Uniswap v3 pool and index feeds. */
export type ManifestPerpVenue = {
  markets: Record<PerpMarketSymbol, PerpMarket>
  /** The account that provides the pools' liquidity (a maker, not a demo wallet). */
  maker: Address
}

/**
 * The local reference options venue's underlyings (the venue's `bytes32` key and the feed it settles
 * on) and the implied-volatility feeds of the seeded expiries.
 */
export type ManifestOptionsVenue = {
  underlyings: Record<OptionsUnderlyingSymbol, { key: Hex; feed: Address; token: string }>
  /** The house: the counterparty of every seeded trade and the wallets' approved operator. */
  house: Address
  /**
   * One Chainlink-style feed per (underlying, expiry) whose answer is the annualised implied vol
   * (8 decimals): what the indexer reads to value the venue's options. Owned by account 0 and
   * refreshed by the heartbeat like the price feeds.
   */
  volatilityFeeds: VolatilityFeed[]
}

/** Per-venue data beyond addresses; present only on chains where the venue is deployed. */
export type ManifestVenues = { perp?: ManifestPerpVenue; options?: ManifestOptionsVenue }

/**
 * A chain of the devnet: a `ChainSpec` (the devnet is one more producer of chain specs), its
 * contracts keyed by the names the devnet deploys, its Morpho markets with their symbols, its
 * Uniswap v3 pools and its venues' devnet data (feeds, the house, the maker).
 */
export type ManifestChain = Omit<ChainSpec, 'contracts' | 'morphoMarkets' | 'uniswapV3Pools' | 'venues'> & {
  /** Venue and infrastructure contracts present on this chain; absent keys mean "not deployed here". */
  contracts: Partial<Record<ManifestContractName, Address>> & { multicall3: Address }
  morphoMarkets?: readonly ManifestMorphoMarket[]
  /** Uniswap v3 pools with real liquidity (WETH/USDC, WBTC/USDC) on the Aave chains: where seized collateral sells. */
  uniswapV3Pools?: ManifestUniswapV3Pool[]
  /** Per-venue data (markets by symbol and the like). */
  venues?: ManifestVenues
}

/** What the lookups below need of a chain: also fits a chain of the cached state (no RPC URL yet). */
export type ManifestChainContracts = Pick<ManifestChain, 'chainId' | 'contracts' | 'tokens' | 'venues'>

export type ManifestWallet = { name: string; address: Address; privateKey: Hex; description: string }

/** The single place where tests, the indexer and people find the devnet's chains and contracts. */
export type DevnetManifest = {
  chains: ManifestChain[]
  wallets: ManifestWallet[]
  /**
   * Opt-in (`pnpm devnet --cascade-wallets`): three dozen wallets around the liquidation line on
   * Aave (ethereum, arbitrum) and Morpho Blue (base) for liquidation-cascade runs. Absent by default,
   * so the demo wallets' figures do not move.
   */
  cascadeWallets?: ManifestWallet[] | undefined
  /** Seconds between the running devnet's blocks; absent when anvil mines one block per transaction. */
  blockTimeSeconds?: number | undefined
}

/** The repo root (the workspace root holding `pnpm-workspace.yaml`). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')

/** Where `pnpm devnet` writes the manifest of the running devnet. */
export const defaultManifestPath = join(repoRoot, '.xmargin', 'devnet.json')

/**
 * Writes a manifest as pretty JSON, creating the folder.
 *
 * @example
 * writeManifest(manifest) // .xmargin/devnet.json
 */
export function writeManifest(manifest: DevnetManifest, path: string = defaultManifestPath): void {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`)
}

/**
 * Reads the manifest of a running devnet. Its chains are checked against the chain spec
 * (`chainSpecIssues` from `@xmargin/core`) and its wallets for names and addresses, so a file of
 * another shape is a {@link DevnetError} naming the key rather than a failure deep in a reader; the
 * devnet's own extras (private keys, the Perp maker, pools) are this package's writing and are not
 * re-checked.
 *
 * @example
 * const manifest = readManifest()
 * const ethereum = manifest.chains.find((c) => c.chainId === 1)
 */
export function readManifest(path: string = defaultManifestPath): DevnetManifest {
  if (!existsSync(path)) {
    throw new DevnetError(`No devnet manifest at ${path}.`, {
      details: 'Start the devnet first: `pnpm devnet`.',
    })
  }
  let manifest: unknown
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new DevnetError(`${path} is not JSON.`, { cause: error })
  }
  const issues = manifestIssues(manifest)
  const [first] = issues
  if (first)
    throw new DevnetError(
      `${path} is not a devnet manifest: ${first.path}: ${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}.`,
      { details: issues.map((issue) => `${issue.path}: ${issue.message}`).join('\n') },
    )
  // Checked above where readers depend on it (chain specs, wallets); the rest is the devnet's own writing.
  return manifest as DevnetManifest
}

function manifestIssues(manifest: unknown): ChainSpecIssue[] {
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest))
    return [{ path: '(file)', message: 'must be an object' }]
  const chains = 'chains' in manifest ? manifest.chains : undefined
  const wallets = 'wallets' in manifest ? manifest.wallets : undefined
  const issues: ChainSpecIssue[] = []
  if (!Array.isArray(chains) || chains.length === 0)
    issues.push({ path: 'chains', message: 'needs at least one chain' })
  else issues.push(...chains.flatMap((value, i) => chainSpecIssues({ value, path: `chains[${i}]` })))
  if (!Array.isArray(wallets)) issues.push({ path: 'wallets', message: 'must be a list' })
  else
    wallets.forEach((wallet: unknown, i) => {
      const address =
        typeof wallet === 'object' && wallet !== null && 'address' in wallet ? wallet.address : undefined
      if (typeof address !== 'string' || !isAddress(address, { strict: false }))
        issues.push({ path: `wallets[${i}].address`, message: 'not an address (0x and 40 hex digits)' })
    })
  return issues
}

/**
 * The manifest entry of one chain, or a clear error.
 *
 * @example
 * const arbitrum = manifestChain(manifest, 42161)
 */
export function manifestChain(manifest: DevnetManifest, chainId: number): ManifestChain {
  const chain = manifest.chains.find((c) => c.chainId === chainId)
  if (!chain) throw new DevnetError(`Chain ${chainId} is not part of this devnet.`)
  return chain
}

/**
 * A token of one chain by symbol, or a clear error.
 *
 * @example
 * const weth = manifestToken(manifestChain(manifest, 1), 'WETH')
 */
export function manifestToken(chain: ManifestChainContracts, symbol: string): ManifestToken {
  const token = chain.tokens.find((t) => t.symbol === symbol)
  if (!token) throw new DevnetError(`Token ${symbol} is not deployed on chain ${chain.chainId}.`)
  return token
}

/**
 * Perp v2's contracts and markets on a chain, in the shape the perp helpers take, or a clear error.
 *
 * @example
 * const perp = manifestPerp(manifestChain(manifest, 42161))
 * const account = await readPerpAccount(client, perp, wallet)
 */
export function manifestPerp(chain: ManifestChainContracts): PerpContracts {
  const { contracts, venues } = chain
  const {
    perpClearingHouse: clearingHouse,
    perpVault: vault,
    perpAccountBalance: accountBalance,
    perpExchange: exchange,
    perpClearingHouseConfig: clearingHouseConfig,
  } = contracts
  if (!clearingHouse || !vault || !accountBalance || !exchange || !clearingHouseConfig || !venues?.perp) {
    throw new DevnetError(`Perp v2 is not deployed on chain ${chain.chainId}.`)
  }
  const usdc = manifestToken(chain, 'USDC').address
  return {
    clearingHouse,
    vault,
    accountBalance,
    exchange,
    clearingHouseConfig,
    usdc,
    markets: venues.perp.markets,
  }
}

/**
 * The reference options venue on a chain, in the shape the options helpers take, or a clear error.
 *
 * @example
 * const venue = manifestOptionsVenue(manifestChain(manifest, 8453))
 * const view = await readOptionsAccount(client, venue, wallet)
 */
export function manifestOptionsVenue(chain: ManifestChainContracts): {
  optionsVenue: Address
  usdc: Address
} {
  const optionsVenue = chain.contracts.optionsVenue
  if (!optionsVenue) throw new DevnetError(`The options venue is not deployed on chain ${chain.chainId}.`)
  return { optionsVenue, usdc: manifestToken(chain, 'USDC').address }
}

/**
 * Every feed of a chain the devnet keeps current: each token's USD price feed and, where the options
 * venue runs, its implied-volatility feeds. The heartbeat (`refreshFeeds`) posts a round on each.
 *
 * @example
 * await refreshFeeds(chain.rpcUrl, chain.chainId, manifestFeeds(chain))
 */
export function manifestFeeds(chain: Pick<ManifestChain, 'tokens' | 'venues'>): Address[] {
  const volatility = chain.venues?.options?.volatilityFeeds ?? []
  return [...chain.tokens.map((t) => t.feed), ...volatility.map((v) => v.feed)]
}
