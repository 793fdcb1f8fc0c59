import { readUniswapV3Pool, storedPoolPriceRange } from '@xmargin/adapters'
import type { PoolStateWrite } from '@xmargin/store'
import type { IndexerChain } from '../types.js'

/** Parameters of {@link readPoolStates}. */
export type ReadPoolStatesParameters = {
  chain: Pick<IndexerChain, 'client' | 'adapters' | 'uniswapV3Pools'>
  blockNumber: bigint
}
/** Return type of {@link readPoolStates}: one state per pool of the chain, in the spec's order. */
export type ReadPoolStatesReturnType = PoolStateWrite[]

/**
 * Reads every Uniswap v3 pool of the chain at `blockNumber` (`readUniswapV3Pool`, three Multicall3
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
  return Promise.all(
    (chain.uniswapV3Pools ?? []).map(async ({ address }) => ({
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
