import { maxUint256, parseEventLogs, zeroHash } from 'viem'
import type { DevnetClient } from '../chain/client.js'
import { confirmTx } from '../deploy/confirm-tx.js'
import { DevnetError } from '../errors.js'
import { approve, mintTo } from '../seed/token-actions.js'
import type { PerpDeployment } from './deploy-perp.js'
import type { PerpMarketSymbol } from './deploy-perp-market.js'
import { perpClearingHouseAbi, perpVaultAbi, uniswapV3PoolAbi } from './perp-abis.js'
import { PERP_TICK_SPACING } from './perp-math.js'

const DEADLINE = maxUint256

export type DepositPerpCollateralParameters = {
  /** USDC amount, 6 decimals. */
  amount: bigint
  /** Mint the USDC to the sender first (the devnet's MintableERC20 lets anyone mint). */
  mint?: boolean
}

/**
 * Deposits USDC from the client's account into Perp's Vault (approve + `Vault.deposit`).
 *
 * @example
 * await depositPerpCollateral(trader, perp, { amount: 10_000n * 10n ** 6n, mint: true })
 */
export async function depositPerpCollateral(
  client: DevnetClient,
  perp: Pick<PerpDeployment, 'vault' | 'usdc'>,
  parameters: DepositPerpCollateralParameters,
): Promise<void> {
  const { amount, mint = false } = parameters
  if (mint) await mintTo(client, perp.usdc, amount)
  await approve(client, perp.usdc, perp.vault, amount)
  await confirmTx(
    client,
    'Perp seed: Vault.deposit',
    client.writeContract({
      address: perp.vault,
      abi: perpVaultAbi,
      functionName: 'deposit',
      args: [perp.usdc, amount],
    }),
  )
}

export type OpenPerpPositionParameters = {
  symbol: PerpMarketSymbol
  side: 'long' | 'short'
  /** Size in base (vETH/vBTC, 18 decimals) or notional in quote (vUSD, 18 decimals). */
  amount: bigint
  amountIn: 'base' | 'quote'
  /** Slippage bound on the opposite amount (Perp's `oppositeAmountBound`); 0 = none. */
  oppositeAmountBound?: bigint
  /** Stop the swap at this pool price (Uniswap's `sqrtPriceLimitX96`), filling partly; 0 = none. */
  sqrtPriceLimitX96?: bigint
}

export type OpenPerpPositionReturnType = {
  /** Signed base exchanged (negative for a short), from Perp's `PositionChanged` event. */
  exchangedPositionSize: bigint
  /** Signed quote exchanged (positive when quote was received), before fee. */
  exchangedPositionNotional: bigint
  fee: bigint
  /** The taker's open notional after the trade. */
  openNotional: bigint
  realizedPnl: bigint
}

/**
 * Opens (or adds to, or reduces) a taker position through `ClearingHouse.openPosition`, sized in
 * base or in quote, and returns what Perp's `PositionChanged` event reports.
 *
 * @example
 * // short 1 ETH
 * await openPerpPosition(trader, perp, { symbol: 'ETH', side: 'short', amount: 10n ** 18n, amountIn: 'base' })
 * // long BTC worth 50,000 vUSD
 * await openPerpPosition(trader, perp, { symbol: 'BTC', side: 'long', amount: 50_000n * 10n ** 18n, amountIn: 'quote' })
 */
export async function openPerpPosition(
  client: DevnetClient,
  perp: Pick<PerpDeployment, 'clearingHouse' | 'markets'>,
  parameters: OpenPerpPositionParameters,
): Promise<OpenPerpPositionReturnType> {
  const { symbol, side, amount, amountIn, oppositeAmountBound = 0n, sqrtPriceLimitX96 = 0n } = parameters
  const market = perp.markets[symbol]
  if (!market) throw new DevnetError(`Perp has no ${symbol} market.`)
  const isBaseToQuote = side === 'short'
  // Short = sell base: exact input when sized in base. Long = buy base: exact input when sized in quote.
  const isExactInput = isBaseToQuote === (amountIn === 'base')
  const receipt = await confirmTx(
    client,
    `Perp seed: openPosition ${side} ${symbol}`,
    client.writeContract({
      address: perp.clearingHouse,
      abi: perpClearingHouseAbi,
      functionName: 'openPosition',
      args: [
        {
          baseToken: market.baseToken,
          isBaseToQuote,
          isExactInput,
          amount,
          oppositeAmountBound,
          deadline: DEADLINE,
          sqrtPriceLimitX96,
          referralCode: zeroHash,
        },
      ],
    }),
  )
  const [event] = parseEventLogs({
    abi: perpClearingHouseAbi,
    eventName: 'PositionChanged',
    logs: receipt.logs,
  })
  if (!event) throw new DevnetError(`openPosition ${side} ${symbol} emitted no PositionChanged.`)
  const { exchangedPositionSize, exchangedPositionNotional, fee, openNotional, realizedPnl } = event.args
  return { exchangedPositionSize, exchangedPositionNotional, fee, openNotional, realizedPnl }
}

export type AddPerpLiquidityParameters = {
  symbol: PerpMarketSymbol
  /** Maximum base (18 decimals) and quote (18 decimals) to provide; Perp uses what fits the range. */
  base: bigint
  quote: bigint
  /** Half-width of the range in ticks around the pool's current tick; 6960 ≈ price ×½ … ×2. */
  halfWidthTicks?: number
}

/**
 * Adds maker liquidity around the pool's current price through `ClearingHouse.addLiquidity`
 * (Perp mints the virtual tokens against the maker's free collateral).
 *
 * @example
 * await addPerpLiquidity(maker, perp, { symbol: 'ETH', base: 1000n * 10n ** 18n, quote: 3_000_000n * 10n ** 18n })
 */
export async function addPerpLiquidity(
  client: DevnetClient,
  perp: Pick<PerpDeployment, 'clearingHouse' | 'markets'>,
  parameters: AddPerpLiquidityParameters,
): Promise<{ lowerTick: number; upperTick: number }> {
  const { symbol, base, quote, halfWidthTicks = 6960 } = parameters
  const market = perp.markets[symbol]
  if (!market) throw new DevnetError(`Perp has no ${symbol} market.`)
  const [, tick] = await client.readContract({
    address: market.pool,
    abi: uniswapV3PoolAbi,
    functionName: 'slot0',
  })
  const center = Math.floor(tick / PERP_TICK_SPACING) * PERP_TICK_SPACING
  const half = Math.ceil(halfWidthTicks / PERP_TICK_SPACING) * PERP_TICK_SPACING
  const lowerTick = center - half
  const upperTick = center + half
  await confirmTx(
    client,
    `Perp seed: addLiquidity ${symbol}`,
    client.writeContract({
      address: perp.clearingHouse,
      abi: perpClearingHouseAbi,
      functionName: 'addLiquidity',
      args: [
        {
          baseToken: market.baseToken,
          base,
          quote,
          lowerTick,
          upperTick,
          minBase: 0n,
          minQuote: 0n,
          useTakerBalance: false,
          deadline: DEADLINE,
        },
      ],
    }),
  )
  return { lowerTick, upperTick }
}

export type SeedPerpMakerParameters = {
  /** USDC the maker deposits (6 decimals); minted first. */
  collateral: bigint
  /** Per market: the base and quote to provide (18 decimals each). */
  liquidity: Partial<Record<PerpMarketSymbol, { base: bigint; quote: bigint }>>
}

/**
 * Funds a maker and provides liquidity in each listed market over a ×½…×2 range, so takers can
 * trade and shocks leave the pools liquid.
 *
 * @example
 * await seedPerpMaker(maker, perp, {
 *   collateral: 10_000_000n * 10n ** 6n,
 *   liquidity: { ETH: { base: 1000n * 10n ** 18n, quote: 3_000_000n * 10n ** 18n } },
 * })
 */
export async function seedPerpMaker(
  client: DevnetClient,
  perp: Pick<PerpDeployment, 'vault' | 'usdc' | 'clearingHouse' | 'markets'>,
  parameters: SeedPerpMakerParameters,
): Promise<void> {
  await depositPerpCollateral(client, perp, { amount: parameters.collateral, mint: true })
  for (const [symbol, amounts] of Object.entries(parameters.liquidity) as [
    PerpMarketSymbol,
    { base: bigint; quote: bigint },
  ][]) {
    await addPerpLiquidity(client, perp, { symbol, ...amounts })
  }
}
