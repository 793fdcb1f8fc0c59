import { defaultRiskParameters, type Position, type Price } from '@xmargin/core'
import {
  PERP_V2_LIQUIDATION_PENALTY_RATIO_PPM,
  PERP_V2_MM_RATIO_PPM,
  PERP_V2_PARTIAL_CLOSE_RATIO_PPM,
  perpMulRatio,
  perpV2Rule,
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
import { uniswapV3PoolAbi } from '../src/perp/perp-abis.js'
import { sqrtPriceX96FromPrice } from '../src/perp/perp-math.js'
import { readPerpAccount } from '../src/perp/read-perp.js'
import { depositPerpCollateral, openPerpPosition } from '../src/perp/seed-perp.js'
import { useDevnetSnapshots } from '../src/vitest/snapshots.js'

// Issue 15: Perp v2's liquidation on the devnet against the engine's rule (liquidatePerpV2). The
// penalty formula, the ratios and the closed size are compared exactly; the closed notional only
// approximately: the contract closes through its virtual pool, the engine at the index price.

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
])

const arbitrum = manifestChain(manifest, 42161)
const perp = manifestPerp(arbitrum)
const client = createDevnetClient({ chainId: 42161, rpcUrl: arbitrum.rpcUrl, privateKey: anvilKey(16) })

/**
 * Brings the ETH market's virtual pool to the index, as arbitrage does on a live market (the devnet
 * has none): a trader sells ETH perps with a price limit, at most 8% a second (under the market's
 * 1,000-tick limit, which Perp counts from the tick of the previous timestamp), until the pool
 * price is within 0.05% of the index.
 */
async function arbitrageToIndex(index: bigint): Promise<void> {
  const arbitrageur = createDevnetClient({
    chainId: 42161,
    rpcUrl: arbitrum.rpcUrl,
    privateKey: anvilKey(17),
  })
  await depositPerpCollateral(arbitrageur, perp, { amount: 50_000_000n * 10n ** 6n, mint: true })
  const pool = perp.markets.ETH.pool
  for (let step = 0; step < 10; step++) {
    const [sqrtPriceX96] = await client.readContract({
      address: pool,
      abi: uniswapV3PoolAbi,
      functionName: 'slot0',
    })
    const price = (sqrtPriceX96 * sqrtPriceX96 * 10n ** 18n) >> 192n
    if (price * 10_000n <= index * 10_005n) return
    const eightPercentDown = (price * 92n) / 100n
    const target = eightPercentDown > index ? eightPercentDown : index
    // the limit counts from the tick at the market's last funding settlement, once per timestamp
    await arbitrageur.increaseTime({ seconds: 1 })
    await openPerpPosition(arbitrageur, perp, {
      symbol: 'ETH',
      side: 'short',
      amount: 10n ** 24n,
      amountIn: 'base',
      sqrtPriceLimitX96: sqrtPriceX96FromPrice(target, 18),
    })
  }
  throw new Error('the ETH pool did not reach the index in 10 blocks')
}

describe('Perp v2 liquidation against the devnet', () => {
  test('ClearingHouseConfig deploys the ratios the engine uses', async () => {
    const read = (functionName: 'getMmRatio' | 'getLiquidationPenaltyRatio' | 'getPartialCloseRatio') =>
      client.readContract({ address: perp.clearingHouseConfig, abi: configAbi, functionName })
    expect(BigInt(await read('getMmRatio'))).toBe(PERP_V2_MM_RATIO_PPM)
    expect(BigInt(await read('getLiquidationPenaltyRatio'))).toBe(PERP_V2_LIQUIDATION_PENALTY_RATIO_PPM)
    expect(BigInt(await read('getPartialCloseRatio'))).toBe(PERP_V2_PARTIAL_CLOSE_RATIO_PPM)
  })

  test('ETH −31%: the long 5 ETH fails both rules; liquidate closes what the engine closes, penalty by its formula', async () => {
    const trader = manifest.wallets.find((w) => w.name === 'perp-and-options')?.address as Address
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
      {
        asset: 'USDC',
        chainId: 42161,
        value: 100_000_000n,
        decimals: 8,
        updatedAt: now,
        source: 'feed:USDC',
      },
    ]
    const { book } = prepareInputs({ positions, prices, params: defaultRiskParameters, now })
    const account = perpV2Rule.accountsOf(book.positions, book.rate)[0]
    if (!account) throw new Error('no Perp v2 account')
    const ethFactor = book.factors.indexOf('ETH')
    const move = (p: { factor: number }) => (p.factor === ethFactor ? 0.69 : 1)
    expect(perpV2Rule.check(account).liquidatable).toBe(false)
    expect(perpV2Rule.check(account, move).liquidatable).toBe(true)
    const simulated = perpV2Rule.liquidation?.(account, move)
    if (!simulated?.perp) throw new Error('the engine does not liquidate the account')

    await shockPrice(manifest, { symbol: 'WETH', percent: -31 })
    const shocked = await readPerpAccount(client, perp, trader)
    expect(shocked.positions.find((p) => p.symbol === 'ETH')?.indexPrice).toBe(
      (simulated.perp.closedNotional * 10n ** 18n) / size,
    )
    expect(shocked.accountValue < shocked.marginRequirementForLiquidation).toBe(true)
    await arbitrageToIndex(eth.indexPrice === 0n ? 0n : (simulated.perp.closedNotional * 10n ** 18n) / size)

    const receipt = await confirmTx(
      client,
      'liquidate perp-and-options',
      client.writeContract({
        address: perp.clearingHouse,
        abi: clearingHouseAbi,
        functionName: 'liquidate',
        args: [trader, eth.baseToken],
      }),
    )
    const [event] = parseEventLogs({
      abi: clearingHouseAbi,
      eventName: 'PositionLiquidated',
      logs: receipt.logs,
    })
    if (!event) throw new Error('no PositionLiquidated event')
    const { positionNotional, positionSize, liquidationFee } = event.args
    // the whole position closed, as the engine closes it
    expect(positionSize).toBe(size)
    expect(-simulated.perp.closedSize).toBe(size)
    expect(
      (await readPerpAccount(client, perp, trader)).positions.find((p) => p.symbol === 'ETH'),
    ).toBeUndefined()
    // the penalty is the engine's formula applied to the contract's closed notional, to the wei
    expect(liquidationFee).toBe(perpMulRatio(positionNotional, PERP_V2_LIQUIDATION_PENALTY_RATIO_PPM))
    // the closed notional: the virtual pool's swap (arbitraged to the index) against the engine's index price,
    const gap =
      Number(positionNotional - simulated.perp.closedNotional) / Number(simulated.perp.closedNotional)
    // (here −0.024%: the pool sits within 0.05% of the index after the arbitrage)
    expect(Math.abs(gap)).toBeLessThan(0.001)
  })
})
