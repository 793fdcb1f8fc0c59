import { parseEther, parseUnits } from 'viem'
import type { DevnetClient } from '../chain/client.js'
import type { PerpContracts } from '../perp/deploy-perp.js'
import type { PerpMarket, PerpMarketSymbol } from '../perp/deploy-perp-market.js'
import { perpBaseTokenAbi, perpClearingHouseConfigAbi } from '../perp/perp-abis.js'
import { sqrtPriceX96FromPrice } from '../perp/perp-math.js'
import { depositPerpCollateral, openPerpPosition, type SeedPerpMakerParameters } from '../perp/seed-perp.js'
import type { DemoWalletName } from './wallets.js'

/** One seeded taker position: exact size in base and the USDC deposited in Perp's Vault first. */
export type PerpSeedPosition = {
  wallet: DemoWalletName
  symbol: PerpMarketSymbol
  side: 'long' | 'short'
  /** Base amount, 18 decimals; traded exactly (exact input for a short, exact output for a long). */
  size: bigint
  /** USDC deposited before the trade, 6 decimals. */
  collateral: bigint
}

/** The taker positions on arbitrum; the wallet descriptions in `wallets.ts` say the same. */
export const perpSeedPositions = [
  // The hedge of the cross-chain wallet's 10 WETH on Aave (ethereum): 3x on 10,000 USDC.
  {
    wallet: 'cross-chain',
    symbol: 'ETH',
    side: 'short',
    size: parseEther('10'),
    collateral: parseUnits('10000', 6),
  },
  // About 30,000 USD of BTC on 6,000 USDC: 5x.
  {
    wallet: 'leveraged-long-btc',
    symbol: 'BTC',
    side: 'long',
    size: parseEther('0.5'),
    collateral: parseUnits('6000', 6),
  },
  {
    wallet: 'perp-and-options',
    symbol: 'ETH',
    side: 'long',
    size: parseEther('5'),
    collateral: parseUnits('5000', 6),
  },
] as const satisfies readonly PerpSeedPosition[]

/**
 * The maker's deposit and liquidity over a ×½…×2 range: about 30 M USD per pool, so the seeded
 * trades move the pools by hundredths of a percent and a 50% shock leaves them liquid.
 */
export const perpMakerSeed: SeedPerpMakerParameters = {
  collateral: parseUnits('50000000', 6),
  liquidity: {
    ETH: { base: parseEther('5000'), quote: parseEther('15000000') },
    BTC: { base: parseEther('250'), quote: parseEther('15000000') },
  },
}

export type SeedPerpPositionsParameters = {
  perp: PerpContracts
  /** The liquidity provider; it also trades the pools back to the index price at the end. */
  maker: DevnetClient
  wallet: (name: DemoWalletName) => DevnetClient
}

/**
 * Opens the seeded taker positions (the wallets deposit their USDC, then trade their exact sizes),
 * then has the maker trade each pool back to its index price, so that no funding accrues while
 * the cached devnet state ages (funding is paid on mark − index).
 *
 * @example
 * await seedPerpPositions({ perp, maker, wallet })
 */
export async function seedPerpPositions(parameters: SeedPerpPositionsParameters): Promise<void> {
  const { perp, maker, wallet } = parameters
  await Promise.all(
    perpSeedPositions.map(({ wallet: name, collateral }) =>
      depositPerpCollateral(wallet(name), perp, { amount: collateral, mint: true }),
    ),
  )
  // One trade at a time: a trade's gas is estimated on the pool as it is, and another trade landing
  // first would change the swap's path under it.
  for (const { wallet: name, symbol, side, size } of perpSeedPositions) {
    await openPerpPosition(wallet(name), perp, { symbol, side, amount: size, amountIn: 'base' })
  }
  const twapInterval = await maker.readContract({
    address: perp.clearingHouseConfig,
    abi: perpClearingHouseConfigAbi,
    functionName: 'getTwapInterval',
  })
  for (const [symbol, market] of Object.entries(perp.markets) as [PerpMarketSymbol, PerpMarket][]) {
    const net = perpSeedPositions
      .filter((p) => p.symbol === symbol)
      .reduce((sum, p) => sum + (p.side === 'long' ? p.size : -p.size), 0n)
    if (net === 0n) continue
    const index = await maker.readContract({
      address: market.baseToken,
      abi: perpBaseTokenAbi,
      functionName: 'getIndexPrice',
      args: [BigInt(twapInterval)],
    })
    // Takers net long pushed the pool above the index: the maker sells until the pool is back at it.
    await openPerpPosition(maker, perp, {
      symbol,
      side: net > 0n ? 'short' : 'long',
      amount: 2n * (net > 0n ? net : -net),
      amountIn: 'base',
      sqrtPriceLimitX96: sqrtPriceX96FromPrice(index, 18),
    })
  }
}
