import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Address, Hex } from 'viem'
import { DevnetError } from './errors.js'

export type ManifestToken = { symbol: string; address: Address; decimals: number; feed: Address }

export type ManifestMorphoMarket = {
  id: Hex
  loanToken: Address
  collateralToken: Address
  loanSymbol: string
  collateralSymbol: string
  oracle: Address
  irm: Address
  /** 18 decimals, as a decimal string */
  lltv: string
}

export type ManifestChain = {
  chainId: number
  name: string
  rpcUrl: string
  /** Venue and infrastructure contracts present on this chain; absent keys mean "not deployed here". */
  contracts: Partial<Record<string, Address>> & { multicall3: Address }
  tokens: ManifestToken[]
  morphoMarkets?: ManifestMorphoMarket[]
  /** Extra per-venue data (markets by symbol and the like), added as venues are added. */
  venues?: Record<string, unknown>
}

export type ManifestWallet = { name: string; address: Address; privateKey: Hex; description: string }

/** The single place where tests, the indexer and people find the devnet's chains and contracts. */
export type DevnetManifest = { chains: ManifestChain[]; wallets: ManifestWallet[] }

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
 * Reads the manifest of a running devnet.
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
  return JSON.parse(readFileSync(path, 'utf8')) as DevnetManifest
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
export function manifestToken(chain: ManifestChain, symbol: string): ManifestToken {
  const token = chain.tokens.find((t) => t.symbol === symbol)
  if (!token) throw new DevnetError(`Token ${symbol} is not deployed on chain ${chain.chainId}.`)
  return token
}
