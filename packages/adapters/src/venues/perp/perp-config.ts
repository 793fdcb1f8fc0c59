import type { Address } from 'viem'
import { defineVenueConfig } from '../venue-config.js'

/** A Perpetual Protocol v2 market: its virtual base token (`vETH`, `vBTC`). */
export type PerpV2MarketConfig = { baseToken: Address }

/**
 * Perpetual Protocol v2 (Curie): the contracts the adapter reads (positions from the ClearingHouse,
 * AccountBalance and Exchange, collateral from the Vault, whose settlement token must be one of the
 * chain's `tokens`) and the markets, keyed by the asset their positions carry (`ETH`, `BTC`: a
 * risk-parameter asset). Every address is required.
 */
export type PerpV2Config = {
  clearingHouse: Address
  vault: Address
  accountBalance: Address
  exchange: Address
  /** At least one market. */
  markets: Readonly<Record<string, PerpV2MarketConfig>>
}

/**
 * Perp v2 in a config (`venues.perpV2`): its four contracts, and its markets as spec data.
 *
 * @example
 * perpV2Config.contracts.vault // 'perpVault'
 */
export const perpV2Config = defineVenueConfig<PerpV2Config>()({
  key: 'perpV2',
  contracts: {
    clearingHouse: 'perpClearingHouse',
    vault: 'perpVault',
    accountBalance: 'perpAccountBalance',
    exchange: 'perpExchange',
  },
  specData: (config) => ({ venues: { perp: { markets: config.markets } } }),
})
