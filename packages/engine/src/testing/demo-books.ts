/**
 * The devnet's cross-chain demo wallet as an engine book (README, "The devnet"): 10 WETH on Aave
 * (ethereum) against a short 10 ETH perp on 10,000 USDC (arbitrum, entry 3,004.766: value −47.66),
 * 2 WETH and a 4,000 USDC loan on Aave (arbitrum), 1 WETH and a 1,500 USDC Morpho loan (base),
 * 0.5 ETH for gas on each chain, 4,000 USDC (arbitrum) and 1,500 USDC (base) in the wallet.
 */
import type { Position, Price } from '@xmargin/core'
import { debt, perp, price, spot, supply } from './fixtures.js'

const usdc = { decimals: 6 }

/** Prices of the demo book: ETH and WETH at 3,000, USDC at 1, on chains 1, 42161 and 8453. */
export const DEMO_PRICES: Price[] = [1, 42161, 8453].flatMap((chainId) => [
  price('WETH', 3000, chainId),
  price('ETH', 3000, chainId),
  price('USDC', 1, chainId),
])

export const CROSS_CHAIN_PERP_ID = '42161:perp:ETH:perp'

/** The cross-chain demo wallet's positions. */
export const crossChainBook: Position[] = [
  supply('WETH', 10, { chainId: 1 }),
  spot('ETH', 0.5, { chainId: 1 }),
  supply('WETH', 2, { chainId: 42161 }),
  debt('USDC', 4000, { ...usdc, chainId: 42161 }),
  perp('ETH', -10, 3004.766, { chainId: 42161 }),
  spot('USDC', 10_000, { ...usdc, chainId: 42161, venue: 'perp', id: '42161:perp:USDC:spot' }),
  spot('ETH', 0.5, { chainId: 42161 }),
  spot('USDC', 4000, { ...usdc, chainId: 42161 }),
  supply('WETH', 1, { chainId: 8453, venue: 'morpho-blue' }),
  debt('USDC', 1500, { ...usdc, chainId: 8453, venue: 'morpho-blue' }),
  spot('ETH', 0.5, { chainId: 8453 }),
  spot('USDC', 1500, { ...usdc, chainId: 8453 }),
]
