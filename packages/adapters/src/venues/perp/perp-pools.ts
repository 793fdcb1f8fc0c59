import type { ChainSpec } from '@xmargin/core'
import type { Address } from 'viem'
import { lower } from '../position-id.js'

/** Return type of {@link perpVirtualPools}: one entry a market whose spec names its pool. */
export type PerpVirtualPoolsReturnType = { symbol: string; baseToken: Address; pool: Address }[]

/**
 * The virtual pools of a chain's Perp v2 markets, as its spec names them (`venues.perp.markets.*.pool`,
 * addresses lowercased), in the spec's market order: the indexer stores their state beside the
 * chain's `uniswapV3Pools`, the API hands it to the liquidation of the market's positions (`symbol`,
 * the asset they carry). A market without a pool is left out (its liquidations close at the index).
 *
 * @example
 * perpVirtualPools(spec) // [{ symbol: 'ETH', baseToken: '0x…', pool: '0x…' }]
 */
export function perpVirtualPools(spec: Pick<ChainSpec, 'venues'>): PerpVirtualPoolsReturnType {
  return Object.entries(spec.venues?.perp?.markets ?? {}).flatMap(([symbol, market]) =>
    market.pool === undefined
      ? []
      : [{ symbol, baseToken: lower(market.baseToken), pool: lower(market.pool) }],
  )
}
