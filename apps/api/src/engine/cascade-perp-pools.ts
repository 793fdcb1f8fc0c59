import type { UniswapV3PoolState } from '@xmargin/core'
import type { PerpV2PoolOf } from '@xmargin/engine'

/**
 * A Perp v2 market's virtual pool stored at the request's cut, for the market of `asset` on
 * `chainId` (the spec's `venues.perp.markets`): a cascade closes that market's liquidations through
 * it. Plain data: it crosses into a worker thread.
 */
export type CascadePerpPool = {
  chainId: number
  /** The asset the market's positions carry (`ETH`). */
  asset: string
  /** The pool's address, lowercased. */
  pool: string
  /** Block the stored state was read at (it held unchanged up to the cut). */
  blockNumber: number
  state: UniswapV3PoolState
}

/**
 * The engine's lookup of a Perp v2 market's pool (`LiquidatePerpV2Parameters.pools`) over the pools
 * stored at the cut: a market without one is closed at the index price (`closedAt: 'index'`).
 *
 * @example
 * createPerpV2Rule({ liquidation: { pools: perpPoolLookup(input.perpPools) } })
 */
export function perpPoolLookup(pools: readonly CascadePerpPool[]): PerpV2PoolOf {
  const byMarket = new Map(pools.map((p) => [`${p.chainId}|${p.asset}`, p.state]))
  return (market) => byMarket.get(`${market.chainId}|${market.asset}`)
}
