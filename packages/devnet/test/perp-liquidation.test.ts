import {
  defaultRiskParameters,
  type InitializedTick,
  type Position,
  type Price,
  type UniswapV3PoolState,
} from '@xmargin/core'
import {
  createPerpV2Rule,
  movedFeedAnswer,
  PERP_V2_EXCHANGE_FEE_RATIO_PPM,
  PERP_V2_LIQUIDATION_PENALTY_RATIO_PPM,
  PERP_V2_MM_RATIO_PPM,
  PERP_V2_PARTIAL_CLOSE_RATIO_PPM,
  perpMulRatio,
  perpV2Rule,
  perpV2SqrtPriceX96AtPrice,
  prepareInputs,
} from '@xmargin/engine'
import { type Address, parseAbi, parseEventLogs } from 'viem'
import { describe, expect, inject, test } from 'vitest'
import { devnetFeedAbi } from '../src/actions/feed-abi.js'
import { shockPrice } from '../src/actions/shock-price.js'
import { createDevnetClient } from '../src/chain/client.js'
import { anvilKey } from '../src/config.js'
import { confirmTx } from '../src/deploy/confirm-tx.js'
import { manifestChain, manifestPerp, manifestToken } from '../src/manifest.js'
import { arbitragePerpPoolToIndex } from '../src/perp/arbitrage-perp-pool.js'
import { uniswapV3PoolAbi } from '../src/perp/perp-abis.js'
import { readPerpAccount } from '../src/perp/read-perp.js'
import { depositPerpCollateral, openPerpPosition } from '../src/perp/seed-perp.js'
import { useDevnetSnapshots } from '../src/vitest/snapshots.js'

// Issue 15: Perp v2's liquidation on the devnet against the engine's rule (liquidatePerpV2) given
// the market's virtual pool as read at the block before: the ratios, the closed size, the closed
// notional (the pool's swap), the penalty and the exchange fee are compared to the wei.

const manifest = inject('devnetManifest')
useDevnetSnapshots(manifest)

const configAbi = parseAbi([
  'function getMmRatio() view returns (uint24)',
  'function getLiquidationPenaltyRatio() view returns (uint24)',
  'function getPartialCloseRatio() view returns (uint24)',
])
const clearingHouseAbi = parseAbi([
  'function liquidate(address trader, address baseToken)',
  'event PositionLiquidated(address indexed trader, address indexed baseToken, uint256 positionNotional, uint256 positionSize, uint256 liquidationFee, address liquidator)',
  'event PositionChanged(address indexed trader, address indexed baseToken, int256 exchangedPositionSize, int256 exchangedPositionNotional, uint256 fee, int256 openNotional, int256 realizedPnl, uint256 sqrtPriceAfterX96)',
])
const marketRegistryAbi = parseAbi([
  'function getMarketInfo(address baseToken) view returns ((address pool, uint24 exchangeFeeRatio, uint24 uniswapFeeRatio, uint24 insuranceFundFeeRatio))',
])
const poolAbi = parseAbi([
  'function slot0() view returns (uint160 sqrtPriceX96, int24 tick, uint16 observationIndex, uint16 observationCardinality, uint16 observationCardinalityNext, uint8 feeProtocol, bool unlocked)',
  'function liquidity() view returns (uint128)',
  'function fee() view returns (uint24)',
  'function tickSpacing() view returns (int24)',
  'function tickBitmap(int16 wordPosition) view returns (uint256)',
  'function ticks(int24 tick) view returns (uint128 liquidityGross, int128 liquidityNet, uint256 feeGrowthOutside0X128, uint256 feeGrowthOutside1X128, int56 tickCumulativeOutside, uint160 secondsPerLiquidityOutsideX128, uint32 secondsOutside, bool initialized)',
])

const arbitrum = manifestChain(manifest, 42161)
const perp = manifestPerp(arbitrum)
const client = createDevnetClient({ chainId: 42161, rpcUrl: arbitrum.rpcUrl, privateKey: anvilKey(16) })

/**
 * The ETH market's virtual pool at the chain's head, read from the pool itself: `slot0`, liquidity,
 * fee, spacing, and every initialized tick of the five bitmap words around the current tick (the
 * range the state claims to cover), each with its `liquidityNet`.
 */
async function readVirtualPool(): Promise<UniswapV3PoolState> {
  const address = perp.markets.ETH.pool
  const read = <name extends 'liquidity' | 'fee' | 'tickSpacing'>(functionName: name) =>
    client.readContract({ address, abi: poolAbi, functionName })
  const [[sqrtPriceX96, tick], liquidity, fee, tickSpacing] = await Promise.all([
    client.readContract({ address, abi: poolAbi, functionName: 'slot0' }),
    read('liquidity'),
    read('fee'),
    read('tickSpacing'),
  ])
  const word = Math.floor(Math.floor(tick / tickSpacing) / 256)
  const words = [-2, -1, 0, 1, 2].map((w) => word + w)
  const ticks: InitializedTick[] = []
  for (const w of words) {
    const bitmap = await client.readContract({ address, abi: poolAbi, functionName: 'tickBitmap', args: [w] })
    for (let bit = 0; bit < 256; bit++) {
      if (((bitmap >> BigInt(bit)) & 1n) === 0n) continue
      const index = (w * 256 + bit) * tickSpacing
      const [, liquidityNet] = await client.readContract({
        address,
        abi: poolAbi,
        functionName: 'ticks',
        args: [index],
      })
      ticks.push({ index, liquidityNet })
    }
  }
  return {
    sqrtPriceX96,
    tick,
    liquidity,
    fee,
    tickSpacing,
    ticks,
    coveredTicks: { lower: (word - 2) * 256 * tickSpacing, upper: ((word + 2) * 256 + 255) * tickSpacing },
  }
}

/** Brings the ETH pool to the index (`arbitragePerpPoolToIndex`), from account 17. */
async function arbitrageToIndex(index: bigint): Promise<void> {
  const arbitrageur = createDevnetClient({
    chainId: 42161,
    rpcUrl: arbitrum.rpcUrl,
    privateKey: anvilKey(17),
  })
  await arbitragePerpPoolToIndex(arbitrageur, perp, { symbol: 'ETH', index })
  const [sqrtPriceX96] = await client.readContract({
    address: perp.markets.ETH.pool,
    abi: uniswapV3PoolAbi,
    functionName: 'slot0',
  })
  // where the engine puts the pool before its close
  expect(sqrtPriceX96).toBe(perpV2SqrtPriceX96AtPrice(index))
}

/** A trader's Perp v2 account as the engine sees it (positions from the chain, the feed's ETH price). */
async function engineAccount(trader: Address) {
  const before = await readPerpAccount(client, perp, trader)
  const eth = before.positions.find((p) => p.symbol === 'ETH')
  if (!eth) throw new Error('no ETH position')
  const [, answer] = await client.readContract({
    address: manifestToken(arbitrum, 'WETH').feed,
    abi: devnetFeedAbi,
    functionName: 'latestRoundData',
  })
  const at = { chainId: 42161, venue: 'perp', wallet: trader, blockNumber: before.blockNumber }
  const size = eth.takerPositionSize
  const positions: Position[] = [
    {
      ...at,
      id: 'perp-eth',
      asset: 'ETH',
      kind: 'perp',
      amount: size,
      decimals: 18,
      entryPrice: { value: (-eth.takerOpenNotional * 10n ** 18n) / size, decimals: 18 },
      funding: { value: -before.pendingFundingPayment, decimals: 18 },
    },
    { ...at, id: 'vault', asset: 'USDC', kind: 'spot', amount: before.collateral, decimals: 6 },
  ]
  const now = Math.floor(Date.now() / 1000)
  const prices: Price[] = [
    { asset: 'ETH', chainId: 42161, value: answer, decimals: 8, updatedAt: now, source: 'feed:ETH' },
    { asset: 'USDC', chainId: 42161, value: 100_000_000n, decimals: 8, updatedAt: now, source: 'feed:USDC' },
  ]
  const { book } = prepareInputs({ positions, prices, params: defaultRiskParameters, now })
  const account = perpV2Rule.accountsOf(book.positions, book.rate)[0]
  if (!account) throw new Error('no Perp v2 account')
  return { account, eth, size, ethFactor: book.factors.indexOf('ETH') }
}

/**
 * ETH moved by `percent` on the devnet and in the engine: the engine liquidates the trader's account
 * through the virtual pool as read before; the chain's `liquidate`, after the pool is arbitraged to
 * the new index, must close the same size for the same notional, penalty and exchange fee.
 */
async function liquidateBoth(trader: Address, percent: number) {
  const { account, eth, size, ethFactor } = await engineAccount(trader)
  const m = 1 + percent / 100
  const move = (p: { factor: number }) => (p.factor === ethFactor ? m : 1)
  expect(perpV2Rule.check(account).liquidatable).toBe(false)
  expect(perpV2Rule.check(account, move).liquidatable).toBe(true)
  // the engine closes through the virtual pool as read now (the shock below does not touch it)
  const pool = await readVirtualPool()
  const rule = createPerpV2Rule({
    liquidation: {
      pools: (market) => (market.chainId === 42161 && market.asset === 'ETH' ? pool : undefined),
    },
  })
  const simulated = rule.liquidation?.(account, move)
  if (!simulated?.perp) throw new Error('the engine does not liquidate the account')
  expect(simulated.perp.closedAt).toBe('pool')
  const perpPosition = account.positions.find((p) => p.position.kind === 'perp')
  if (!perpPosition) throw new Error('no perp position in the account')
  const index = movedFeedAnswer(perpPosition, m) * 10n ** 10n

  await shockPrice(manifest, { symbol: 'WETH', percent })
  const shocked = await readPerpAccount(client, perp, trader)
  expect(shocked.positions.find((p) => p.symbol === 'ETH')?.indexPrice).toBe(index)
  expect(shocked.accountValue < shocked.marginRequirementForLiquidation).toBe(true)
  await arbitrageToIndex(index)

  const receipt = await confirmTx(
    client,
    'liquidate',
    client.writeContract({
      address: perp.clearingHouse,
      abi: clearingHouseAbi,
      functionName: 'liquidate',
      args: [trader, eth.baseToken],
    }),
  )
  const [liquidated] = parseEventLogs({
    abi: clearingHouseAbi,
    eventName: 'PositionLiquidated',
    logs: receipt.logs,
  })
  const [changed] = parseEventLogs({
    abi: clearingHouseAbi,
    eventName: 'PositionChanged',
    logs: receipt.logs,
  }).filter((e) => e.args.trader.toLowerCase() === trader.toLowerCase())
  if (!liquidated || !changed) throw new Error('no PositionLiquidated or PositionChanged event')
  const after = await readPerpAccount(client, perp, trader)
  return {
    simulated: simulated.perp,
    size,
    liquidated: liquidated.args,
    changed: changed.args,
    after,
    account,
    move,
  }
}

describe('Perp v2 liquidation against the devnet', () => {
  test('ClearingHouseConfig deploys the ratios the engine uses', async () => {
    const read = (functionName: 'getMmRatio' | 'getLiquidationPenaltyRatio' | 'getPartialCloseRatio') =>
      client.readContract({ address: perp.clearingHouseConfig, abi: configAbi, functionName })
    expect(BigInt(await read('getMmRatio'))).toBe(PERP_V2_MM_RATIO_PPM)
    expect(BigInt(await read('getLiquidationPenaltyRatio'))).toBe(PERP_V2_LIQUIDATION_PENALTY_RATIO_PPM)
    expect(BigInt(await read('getPartialCloseRatio'))).toBe(PERP_V2_PARTIAL_CLOSE_RATIO_PPM)
    const registry = arbitrum.contracts.perpMarketRegistry
    if (!registry) throw new Error('no Perp MarketRegistry on chain 42161')
    const info = await client.readContract({
      address: registry,
      abi: marketRegistryAbi,
      functionName: 'getMarketInfo',
      args: [perp.markets.ETH.baseToken],
    })
    expect(BigInt(info.exchangeFeeRatio)).toBe(PERP_V2_EXCHANGE_FEE_RATIO_PPM)
    // the pool's own fee is the market's uniswapFeeRatio, which the engine reads off the pool state
    expect(info.pool.toLowerCase()).toBe(perp.markets.ETH.pool.toLowerCase())
    expect(info.uniswapFeeRatio).toBe((await readVirtualPool()).fee)
  })

  test('ETH −31%: the long 5 ETH fails both rules; liquidate closes through the virtual pool what the engine closes: notional, penalty and exchange fee to the wei', async () => {
    const trader = manifest.wallets.find((w) => w.name === 'perp-and-options')?.address as Address
    const { simulated, size, liquidated, changed, after, account, move } = await liquidateBoth(trader, -31)
    // the whole position closed, as the engine closes it
    expect(liquidated.positionSize).toBe(size)
    expect(-simulated.closedSize).toBe(size)
    expect(after.positions.find((p) => p.symbol === 'ETH')).toBeUndefined()
    // the closed notional is the pool's swap, the penalty its 2.5%, the exchange fee replaySwap's: to the wei
    expect(liquidated.positionNotional).toBe(simulated.closedNotional)
    expect(changed.exchangedPositionNotional).toBe(simulated.closedNotional)
    expect(liquidated.liquidationFee).toBe(simulated.penalty)
    expect(liquidated.liquidationFee).toBe(
      perpMulRatio(liquidated.positionNotional, PERP_V2_LIQUIDATION_PENALTY_RATIO_PPM),
    )
    expect(changed.fee).toBe(simulated.exchangeFee)
    // without the pool the engine closes at the index price, which the contract does not
    const atIndex = perpV2Rule.liquidation?.(account, move)?.perp
    expect(atIndex?.closedAt).toBe('index')
    expect(atIndex?.closedNotional).not.toBe(liquidated.positionNotional)
  })

  test('ETH +8%: a short 3 ETH on 1,200 USDC is bought back through the pool (exact output): notional, penalty and exchange fee to the wei', async () => {
    const shorter = createDevnetClient({ chainId: 42161, rpcUrl: arbitrum.rpcUrl, privateKey: anvilKey(18) })
    await depositPerpCollateral(shorter, perp, { amount: 1_200_000_000n, mint: true })
    await openPerpPosition(shorter, perp, {
      symbol: 'ETH',
      side: 'short',
      amount: 3n * 10n ** 18n,
      amountIn: 'base',
    })
    const { simulated, size, liquidated, changed, after } = await liquidateBoth(shorter.account.address, 8)
    expect(size).toBe(-3n * 10n ** 18n)
    expect(simulated.closedSize).toBe(3n * 10n ** 18n)
    expect(liquidated.positionSize).toBe(3n * 10n ** 18n)
    expect(after.positions.find((p) => p.symbol === 'ETH')).toBeUndefined()
    expect(liquidated.positionNotional).toBe(simulated.closedNotional)
    expect(changed.exchangedPositionNotional).toBe(-simulated.closedNotional)
    expect(liquidated.liquidationFee).toBe(simulated.penalty)
    expect(changed.fee).toBe(simulated.exchangeFee)
    expect(simulated.exchangeFee > 0n).toBe(true)
  })
})
