/** A liquidity range of a devnet pool, as multiples of the starting price, and about how much it holds. */
export type UniswapRangeSpec = { lowerFactor: number; upperFactor: number; usd: number }

/** A devnet Uniswap v3 pool: the asset against the quote token, fee tier, liquidity ranges. */
export type UniswapPoolSpec = {
  base: string
  quote: string
  fee: 500 | 3000
  ranges: readonly UniswapRangeSpec[]
}

/**
 * The pools on every Aave chain: real-liquidity markets where seized collateral is sold. Several
 * overlapping ranges plus one below the price (quote only), so a sale of a few hundred ETH (a few
 * dozen BTC) crosses initialized ticks. `usd` is the value each side is offered at the starting
 * price; the position manager takes what the range needs, so a range holds between usd and 2·usd.
 */
export const uniswapPoolSpecs: readonly UniswapPoolSpec[] = [
  {
    base: 'WETH',
    quote: 'USDC',
    fee: 500,
    ranges: [
      { lowerFactor: 0.95, upperFactor: 1.05, usd: 4_000_000 },
      { lowerFactor: 0.8, upperFactor: 1.2, usd: 6_000_000 },
      { lowerFactor: 0.5, upperFactor: 2, usd: 10_000_000 },
      { lowerFactor: 0.66, upperFactor: 0.9, usd: 3_000_000 },
    ],
  },
  {
    base: 'WBTC',
    quote: 'USDC',
    fee: 3000,
    ranges: [
      { lowerFactor: 0.95, upperFactor: 1.05, usd: 2_000_000 },
      { lowerFactor: 0.8, upperFactor: 1.2, usd: 3_000_000 },
      { lowerFactor: 0.5, upperFactor: 2, usd: 5_000_000 },
      { lowerFactor: 0.66, upperFactor: 0.9, usd: 1_500_000 },
    ],
  },
]

/** Tick spacing of each fee tier the factory enables at deployment. */
export const tickSpacingOfFee = { 500: 10, 3000: 60 } as const
