import { perpVirtualPools, readUniswapV3Pool, storedPoolPriceRange } from '@xmargin/adapters'
import type { PoolStateWrite } from '@xmargin/store'
import type { IndexerChain } from '../types.js'

/** Parameters of {@link readPoolStates}. */
export type ReadPoolStatesParameters = {
  chain: Pick<IndexerChain, 'client' | 'adapters' | 'uniswapV3Pools' | 'venues'>
  blockNumber: bigint
}
/**
 * Return type of {@link readPoolStates}: one state per pool of the chain, the spec's `uniswapV3Pools`
 * in its order, then its Perp v2 markets' virtual pools (`perpVirtualPools`).
 */
export type ReadPoolStatesReturnType = PoolStateWrite[]

/**
 * Reads every Uniswap v3 pool of the chain at `blockNumber` — the spec's `uniswapV3Pools` and the
 * virtual pools of its Perp v2 markets (where liquidations close) — (`readUniswapV3Pool`, three Multicall3
 * round trips a pool, the pools in parallel): `slot0`, liquidity, fee, spacing and the initialized
 * ticks over {@link storedPoolPriceRange} (the pool price down 90% or up 10×). Read at every block the
 * head sync commits; the store keeps a new version only when the state changed.
 *
 * @example
 * const poolStates = await readPoolStates({ chain, blockNumber: 123n })
 * await store.commitBlock({ chainId, block, poolStates })
 */
export async function readPoolStates(
  parameters: ReadPoolStatesParameters,
): Promise<ReadPoolStatesReturnType> {
  const { chain, blockNumber } = parameters
  const pools = [
    ...(chain.uniswapV3Pools ?? []).map((p) => p.address),
    ...perpVirtualPools(chain).map((p) => p.pool),
  ]
  return Promise.all(
    pools.map(async (address) => ({
      pool: address,
      state: await readUniswapV3Pool({
        client: chain.client,
        blockNumber,
        pool: address,
        priceRange: storedPoolPriceRange,
        multicallAddress: chain.adapters.multicall3,
      }),
    })),
  )
}
