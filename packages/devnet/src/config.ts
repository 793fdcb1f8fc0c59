import type { ChainSpec } from '@xmargin/core'
import { type Hex, toHex } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import type { HistoryFactor } from './seed/price-paths.js'

/** A chain the devnet starts (its spec's id and name), with the venues deployed on it. */
export type DevnetChainSpec = Pick<ChainSpec, 'chainId' | 'name'> & {
  defaultPort: number
  venues: { aave: boolean; morpho: boolean; perp: boolean; options: boolean }
  /** Symbols of the tokens deployed on this chain (each with its own feed). */
  tokens: readonly string[]
}

export type DevnetTokenSpec = {
  symbol: string
  name: string
  decimals: number
  /** Starting USD price; feeds carry it with 8 decimals. */
  priceUsd: number
  /** Which seeded path its feed follows in a price history (`--history-days`). */
  history: HistoryFactor
  /** The asset it wraps 1:1 and whose price its feed gives (WBTC → BTC, the perps' and options' underlying). */
  wraps?: string | undefined
  /**
   * Its feed's heartbeat, written into the manifest's token (`TokenSpec.heartbeatSeconds`): the
   * mainnet Chainlink feed's (ETH/USD, BTC/USD, STETH/USD 1 h; USDC/USD, USDT/USD 24 h), so prices
   * age as they would there. `xmargin dev` refreshes every feed far more often (`--heartbeat`).
   */
  heartbeatSeconds: number
}

/** Token list: real decimals; prices are round stylized figures, not a market snapshot. */
export const devnetTokens: readonly DevnetTokenSpec[] = [
  {
    symbol: 'WETH',
    name: 'Wrapped Ether',
    decimals: 18,
    priceUsd: 3000,
    history: 'ETH',
    heartbeatSeconds: 3_600,
  },
  {
    symbol: 'WBTC',
    name: 'Wrapped BTC',
    decimals: 8,
    priceUsd: 60000,
    history: 'BTC',
    wraps: 'BTC',
    heartbeatSeconds: 3_600,
  },
  { symbol: 'USDC', name: 'USD Coin', decimals: 6, priceUsd: 1, history: 'USD', heartbeatSeconds: 86_400 },
  { symbol: 'USDT', name: 'Tether USD', decimals: 6, priceUsd: 1, history: 'USD', heartbeatSeconds: 86_400 },
  {
    symbol: 'wstETH',
    name: 'Wrapped liquid staked Ether 2.0',
    decimals: 18,
    priceUsd: 3500,
    history: 'ETH',
    heartbeatSeconds: 3_600,
  },
  {
    symbol: 'USDC.e',
    name: 'Bridged USDC',
    decimals: 6,
    priceUsd: 1,
    history: 'USD',
    heartbeatSeconds: 86_400,
  },
]

const core = ['WETH', 'WBTC', 'USDC', 'USDT', 'wstETH'] as const

export const devnetChains: readonly DevnetChainSpec[] = [
  {
    chainId: 1,
    name: 'ethereum',
    defaultPort: 8545,
    venues: { aave: true, morpho: false, perp: false, options: false },
    tokens: core,
  },
  {
    chainId: 42161,
    name: 'arbitrum',
    defaultPort: 8546,
    venues: { aave: true, morpho: false, perp: true, options: false },
    tokens: [...core, 'USDC.e'],
  },
  {
    chainId: 8453,
    name: 'base',
    defaultPort: 8547,
    venues: { aave: false, morpho: true, perp: false, options: true },
    tokens: core,
  },
]

/** Feed decimals, as Chainlink's USD feeds. */
export const FEED_DECIMALS = 8

/** Anvil's default mnemonic; the devnet starts anvil with it, so keys are known and stable. */
export const ANVIL_MNEMONIC = 'test test test test test test test test test test test junk'

/** How many funded accounts each anvil starts with (index 0 deploys and administers everything). */
export const ANVIL_ACCOUNTS = 20

/**
 * Private key of anvil's default account `index`.
 *
 * @example
 * const deployerKey = anvilKey(0) // 0xac09…ff80
 */
export function anvilKey(index: number): Hex {
  const key = mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: index }).getHdKey().privateKey
  if (!key) throw new Error(`No private key for anvil account ${index}`)
  return toHex(key)
}
