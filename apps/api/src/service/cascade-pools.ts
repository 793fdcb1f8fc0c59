import type { StoredPoolState } from '@xmargin/store'
import type { ApiChain } from '../chain.js'
import type { CascadePerpPool, CascadePool } from '../engine/run-cascade.js'

/** Parameters of {@link cascadePoolsOf}. */
export type CascadePoolsOfParameters = {
  chains: ReadonlyMap<number, ApiChain>
  /** Pool states stored at the request's cut. */
  stored: readonly StoredPoolState[]
}
/** Return type of {@link cascadePoolsOf}. */
export type CascadePoolsOfReturnType = CascadePool[]

/**
 * The pools a cascade may sell into: each state stored at the cut whose pool its chain's spec lists
 * (a pool dropped from the config is not used, though its old states stay stored), with the spec's
 * base and quote tokens; the base is token0 when its address is the lower (Uniswap sorts the pair).
 *
 * @example
 * const pools = cascadePoolsOf({ chains, stored: await loaders.poolStates() })
 */
export function cascadePoolsOf(parameters: CascadePoolsOfParameters): CascadePoolsOfReturnType {
  return parameters.stored.flatMap((stored) => {
    const pool = parameters.chains
      .get(stored.chainId)
      ?.pools?.find((p) => p.address === stored.pool.toLowerCase())
    if (!pool) return []
    return [
      {
        chainId: stored.chainId,
        pool: pool.address,
        blockNumber: stored.blockNumber,
        base: { symbol: pool.base.symbol, decimals: pool.base.decimals },
        quote: { symbol: pool.quote.symbol, decimals: pool.quote.decimals },
        baseIsToken0: pool.base.address < pool.quote.address,
        state: stored.state,
      },
    ]
  })
}

/**
 * The Perp v2 virtual pools a cascade closes liquidations through: each state stored at the cut
 * whose pool its chain's spec names for a Perp market (`ApiChain.perpPools`), keyed by the market's
 * asset. A market without one closes at the index price.
 *
 * @example
 * const perpPools = cascadePerpPoolsOf({ chains, stored: await loaders.poolStates() })
 */
export function cascadePerpPoolsOf(parameters: CascadePoolsOfParameters): CascadePerpPool[] {
  return parameters.stored.flatMap((stored) => {
    const market = parameters.chains
      .get(stored.chainId)
      ?.perpPools?.find((p) => p.address === stored.pool.toLowerCase())
    if (!market) return []
    return [
      {
        chainId: stored.chainId,
        asset: market.asset,
        pool: market.address,
        blockNumber: stored.blockNumber,
        state: stored.state,
      },
    ]
  })
}
