import type { ResolvedPriceImpact } from '@xmargin/config'
import type { UniswapV3PoolState } from '@xmargin/core'
import {
  createPriceImpact,
  depthCurveFromTwoPercentDepth,
  type PreparedBook,
  type PriceImpact,
  placeDepthCurve,
} from '@xmargin/engine'

/** USD prices are placed on a depth curve at this many decimals. */
const PRICE_DECIMALS = 8
/** The quote side of every depth curve: a 6-decimal USD stablecoin. */
const QUOTE_DECIMALS = 6

/**
 * A Uniswap v3 pool stored at the request's cut (the state valid at the chain's pinned block), with
 * the tokens it trades as the chain's spec names them. Plain data: it crosses into a worker thread.
 */
export type CascadePool = {
  chainId: number
  /** The pool's address, lowercased. */
  pool: string
  /** Block the stored state was read at (it held unchanged up to the cut). */
  blockNumber: number
  /** The token sold into it (`WETH`) and the one received (`USDC`). */
  base: { symbol: string; decimals: number }
  quote: { symbol: string; decimals: number }
  /** Whether the base token is the pool's token0 (the lower address). */
  baseIsToken0: boolean
  state: UniswapV3PoolState
}

/** The market a factor's forced sales went into: a stored Uniswap v3 pool, or its configured depth curve. */
export type CascadeMarket =
  | {
      kind: 'uniswapV3'
      factor: string
      /** The pool's base token: what is sold. */
      asset: string
      /** What the sales are paid in. */
      quote: string
      chainId: number
      pool: string
      /** Block the pool's state was read at. */
      blockNumber: number
      feePips: number
      /** The pool's marginal price at the cut, quote tokens per asset token. */
      price: number
      assetDecimals: number
    }
  | {
      kind: 'depthCurve'
      factor: string
      asset: string
      twoPercentDepthUsd: number
      feePips: number
      /** USD price the curve was placed at (the book's, before the shock). */
      price: number
      /** Virtual reserve of the asset, raw units (the sale that quarters the price). */
      depth: bigint
      assetDecimals: number
    }

/** Parameters of {@link placeMarkets}. */
export type PlaceMarketsParameters = {
  book: PreparedBook
  /** Depth curves by factor (the config's `priceImpact`, with the request's overrides). */
  curves: ResolvedPriceImpact
  /** Pools stored at the cut. */
  pools: readonly CascadePool[]
}
/** Return type of {@link placeMarkets}: one market per factor that holds collateral and has one. */
export type PlaceMarketsReturnType = { market: CascadeMarket; impact: PriceImpact }[]

/**
 * One market per factor that holds seized-able collateral (collateral-enabled supply): a stored
 * Uniswap v3 pool whose base token is one of the factor's collateral assets, replayed with exact swap
 * math across its ticks; else the factor's configured depth curve, placed at the book's price of the
 * curve's asset (else of the factor's first collateral), in its decimals. The engine sells every
 * chain's seized collateral of a factor into one market; of several stored pools for a factor, it is
 * the one on the chain holding most of that collateral by value (then the lowest chain id, then the
 * lowest pool address). A factor with neither has no market: the cascade names it
 * (`MissingPriceImpactError`) when it has to sell some.
 *
 * @example
 * const markets = placeMarkets({ book, curves, pools })
 * markets[0]?.market.kind // 'uniswapV3' where a pool is stored, else 'depthCurve'
 */
export function placeMarkets(parameters: PlaceMarketsParameters): PlaceMarketsReturnType {
  const { book, curves, pools } = parameters
  const out: PlaceMarketsReturnType = []
  book.factors.forEach((factor, index) => {
    const collateral = book.positions.filter(
      (p) => p.factor === index && p.position.kind === 'supply' && p.position.collateral && p.price > 0,
    )
    if (collateral.length === 0) return
    const valueOn = (chainId: number) =>
      collateral.filter((p) => p.position.chainId === chainId).reduce((sum, p) => sum + p.value, 0)
    const assets = new Set(collateral.map((p) => p.position.asset))
    const [pool] = pools
      .filter((p) => assets.has(p.base.symbol))
      .sort(
        (a, b) =>
          valueOn(b.chainId) - valueOn(a.chainId) ||
          a.chainId - b.chainId ||
          (a.pool < b.pool ? -1 : a.pool > b.pool ? 1 : 0),
      )
    if (pool) {
      const impact = createPriceImpact({
        kind: 'uniswap-v3',
        pool: pool.state,
        assetIsToken0: pool.baseIsToken0,
        assetDecimals: pool.base.decimals,
        quoteDecimals: pool.quote.decimals,
      })
      out.push({
        market: {
          kind: 'uniswapV3',
          factor,
          asset: pool.base.symbol,
          quote: pool.quote.symbol,
          chainId: pool.chainId,
          pool: pool.pool,
          blockNumber: pool.blockNumber,
          feePips: pool.state.fee,
          price: impact.price(),
          assetDecimals: pool.base.decimals,
        },
        impact,
      })
      return
    }
    const curve = curves[factor]
    if (!curve) return
    const reference = collateral.find((p) => p.position.asset === curve.asset) ?? collateral[0]!
    const assetDecimals = reference.position.decimals
    const price = reference.price
    const depth = depthCurveFromTwoPercentDepth({
      twoPercentDepth: curve.twoPercentDepthUsd,
      price,
      assetDecimals,
      feePips: curve.feePips,
    })
    const state = placeDepthCurve({
      curve: depth,
      price: { value: BigInt(Math.round(price * 10 ** PRICE_DECIMALS)), decimals: PRICE_DECIMALS },
      assetDecimals,
      quoteDecimals: QUOTE_DECIMALS,
    })
    out.push({
      market: { kind: 'depthCurve', ...curve, price, depth: depth.depth, assetDecimals },
      impact: createPriceImpact({ kind: 'depth-curve', state, assetDecimals, quoteDecimals: QUOTE_DECIMALS }),
    })
  })
  return out
}
