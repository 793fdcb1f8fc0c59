import type { AssetId, ChainId } from './chain.js'

/** A USD price for an asset as read from a feed on a chain. */
export type Price = {
  asset: AssetId
  chainId: ChainId
  /** USD price scaled by `10^decimals` (Chainlink USD feeds: 8 decimals). */
  value: bigint
  decimals: number
  /** Feed timestamp, unix seconds. */
  updatedAt: number
  /** Feed identifier used for the max-age rule (e.g. `chainlink:ETH/USD`). */
  source: string
  /** The feed's heartbeat from its chain spec, seconds; the price-age rule's limit when given (`priceAgeLimit`). */
  heartbeatSeconds?: number | undefined
}

/** An annualised implied volatility (0.6 = 60%) for an underlying, flat or for one expiry. */
export type Volatility = {
  asset: AssetId
  value: number
  /** Unix seconds; absent = flat across expiries. */
  expiry?: number | undefined
  /**
   * When the source last published it (unix seconds). With it, the price-age rule applies: older
   * than `priceAgeLimit` (kind `volatility`) is stale. Absent: never stale (a parameter).
   */
  updatedAt?: number | undefined
  /** Feed identifier for the max-age rule, like a price's (e.g. `chainlink:0x…`). */
  source?: string | undefined
  /** The vol feed's heartbeat from its chain spec, seconds (`priceAgeLimit`). */
  heartbeatSeconds?: number | undefined
}
