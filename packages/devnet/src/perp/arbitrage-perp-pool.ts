import type { DevnetClient } from '../chain/client.js'
import { DevnetError } from '../errors.js'
import type { PerpDeployment } from './deploy-perp.js'
import type { PerpMarketSymbol } from './deploy-perp-market.js'
import { uniswapV3PoolAbi } from './perp-abis.js'
import { sqrtPriceX96FromPrice } from './perp-math.js'
import { depositPerpCollateral, openPerpPosition } from './seed-perp.js'

/** Parameters of {@link arbitragePerpPoolToIndex}. */
export type ArbitragePerpPoolToIndexParameters = {
  symbol: PerpMarketSymbol
  /** The index price the pool is brought to, 18 decimals (`getIndexPrice(0)`). */
  index: bigint
  /** Most steps (one a second) before giving up; default 10. */
  maxSteps?: number | undefined
}

/** Perp v2's price-limit window: at most this fraction moved per step (≈ 830 ticks, under the devnet's 1,000). */
const STEP_PERCENT = 8n

/**
 * Brings a Perp v2 market's virtual pool to its index, as arbitrage does on a live market (the
 * devnet has none): the client's account (given 50M USDC of collateral) sells or buys the perp with
 * a price limit, at most 8% a second (under the market's `maxTickCrossedWithinBlock`, which Perp
 * counts from the tick of the previous timestamp), until the pool's `sqrtPriceX96` is exactly the
 * index's, ⌊√(index · 2^192 / 1e18)⌋ (where the engine's `closePerpV2InPool` puts it before a close).
 *
 * @example
 * await arbitragePerpPoolToIndex(arbitrageur, perp, { symbol: 'ETH', index: 2_070n * 10n ** 18n })
 */
export async function arbitragePerpPoolToIndex(
  client: DevnetClient,
  perp: Pick<PerpDeployment, 'clearingHouse' | 'markets' | 'vault' | 'usdc'>,
  parameters: ArbitragePerpPoolToIndexParameters,
): Promise<void> {
  const { symbol, index, maxSteps = 10 } = parameters
  const market = perp.markets[symbol]
  if (!market) throw new DevnetError(`Perp has no ${symbol} market.`)
  await depositPerpCollateral(client, perp, { amount: 50_000_000n * 10n ** 6n, mint: true })
  const atIndex = sqrtPriceX96FromPrice(index, 18)
  for (let step = 0; step < maxSteps; step++) {
    const [sqrtPriceX96] = await client.readContract({
      address: market.pool,
      abi: uniswapV3PoolAbi,
      functionName: 'slot0',
    })
    if (sqrtPriceX96 === atIndex) return
    const up = sqrtPriceX96 < atIndex
    const price = (sqrtPriceX96 * sqrtPriceX96 * 10n ** 18n) >> 192n
    const next = (price * (up ? 100n + STEP_PERCENT : 100n - STEP_PERCENT)) / 100n
    const limit = (up ? next < index : next > index) ? sqrtPriceX96FromPrice(next, 18) : atIndex
    // the limit counts from the tick at the market's last funding settlement, once per timestamp
    await client.increaseTime({ seconds: 1 })
    await openPerpPosition(client, perp, {
      symbol,
      side: up ? 'long' : 'short',
      amount: up ? 10n ** 27n : 10n ** 24n,
      amountIn: up ? 'quote' : 'base',
      sqrtPriceLimitX96: limit,
    })
  }
  throw new DevnetError(`Perp's ${symbol} pool did not reach the index in ${maxSteps} steps.`)
}
