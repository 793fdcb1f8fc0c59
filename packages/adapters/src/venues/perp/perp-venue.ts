import type { Address } from 'viem'

/**
 * One Perp v2 market: its virtual base token, the symbol positions carry (`ETH`, `BTC`) and, where
 * the spec names it, its virtual pool (checked against `MarketRegistry.getPool` at bind).
 */
export type PerpMarketConfig = { baseToken: Address; symbol: string; pool?: Address | undefined }

/** Perp v2 on one chain. Addresses lowercased. */
export type PerpVenue = {
  clearingHouse: Address
  vault: Address
  accountBalance: Address
  exchange: Address
  /** The vault's settlement token (USDC); must be in the context's assets. */
  settlementToken: Address
  markets: readonly PerpMarketConfig[]
}
