import { type DepthCurveState, sellIntoDepthCurve } from './depth-curve.js'
import { InvalidImpactModelError } from './errors.js'
import { swapUniswapV3 } from './swap-uniswap-v3.js'
import type { UniswapV3PoolState } from './uniswap-v3-pool-state.js'

/** Where an asset's sale price comes from: a real pool read at a block, or the configured curve. */
export type PriceImpactSource =
  | {
      kind: 'uniswap-v3'
      pool: UniswapV3PoolState
      /** Whether the sold asset is the pool's token0 (else token1; the other token is the quote). */
      assetIsToken0: boolean
      assetDecimals: number
      quoteDecimals: number
    }
  | { kind: 'depth-curve'; state: DepthCurveState; assetDecimals: number; quoteDecimals: number }

/** A sale of an asset for the quote asset, and the market it leaves behind. */
export type PriceImpactSale = {
  /** What the market took, raw asset units (less than offered only when a pool runs dry). */
  amountIn: bigint
  /** What the seller received, raw quote units. */
  amountOut: bigint
  /** The market after the sale (the next sale starts from it). */
  after: PriceImpact
}

/**
 * One interface over every price-impact model: sell an amount, read the marginal price. Immutable:
 * a sale returns the moved market and leaves this one as it was, so cascade rounds chain.
 */
export type PriceImpact = {
  readonly source: PriceImpactSource
  /** Sells `amountIn` raw units of the asset (exact input). */
  sell(amountIn: bigint): PriceImpactSale
  /** Marginal price, quote per asset in whole tokens (a float: it moves scenario prices only). */
  price(): number
}

/**
 * Builds the price-impact model of a source.
 *
 * @example
 * const impact = createPriceImpact({ kind: 'uniswap-v3', pool, assetIsToken0: true,
 *   assetDecimals: 18, quoteDecimals: 6 })
 * const sale = impact.sell(10n ** 18n) // USDC out for 1 WETH, exactly as the pool pays
 * sale.after.price() // the pool's price after the sale
 */
export function createPriceImpact(source: PriceImpactSource): PriceImpact {
  for (const decimals of [source.assetDecimals, source.quoteDecimals])
    if (!Number.isInteger(decimals) || decimals < 0 || decimals > 36)
      throw new InvalidImpactModelError(`decimals ${decimals} are not an integer in 0..36`)
  return { source, sell: (amountIn) => sell(source, amountIn), price: () => marginalPrice(source) }
}

function sell(source: PriceImpactSource, amountIn: bigint): PriceImpactSale {
  if (amountIn < 0n) throw new InvalidImpactModelError(`cannot sell a negative amount ${amountIn}`)
  if (amountIn === 0n) return { amountIn, amountOut: 0n, after: createPriceImpact(source) }
  if (source.kind === 'depth-curve') {
    const sale = sellIntoDepthCurve(source.state, amountIn)
    return { amountIn, amountOut: sale.amountOut, after: createPriceImpact({ ...source, state: sale.state }) }
  }
  const swap = swapUniswapV3({
    pool: source.pool,
    zeroForOne: source.assetIsToken0,
    amountSpecified: amountIn,
  })
  return {
    amountIn: swap.amountIn,
    amountOut: swap.amountOut,
    after: createPriceImpact({ ...source, pool: swap.pool }),
  }
}

function marginalPrice(source: PriceImpactSource): number {
  const decimalShift = 10 ** (source.assetDecimals - source.quoteDecimals)
  if (source.kind === 'depth-curve')
    return (Number(source.state.quoteReserve) / Number(source.state.assetReserve)) * decimalShift
  const root = Number(source.pool.sqrtPriceX96) / 2 ** 96
  const token1PerToken0 = root * root
  return (source.assetIsToken0 ? token1PerToken0 : 1 / token1PerToken0) * decimalShift
}
