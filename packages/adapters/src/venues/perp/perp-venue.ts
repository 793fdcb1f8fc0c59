import type { Address } from 'viem'

/** One Perp v2 market: its virtual base token and the symbol positions carry (`ETH`, `BTC`). */
export type PerpMarketConfig = { baseToken: Address; symbol: string }

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
