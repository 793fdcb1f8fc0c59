import type { Address } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createDevnetClient, type DevnetClient } from '../chain/client.js'
import { type AnvilInstance, startAnvil } from '../chain/start-anvil.js'
import { anvilKey } from '../config.js'
import { loadPackageArtifact, loadProjectArtifact } from '../deploy/artifacts.js'
import { deployContract } from '../deploy/deploy-contract.js'
import { deployPerp, type PerpDeployment } from './deploy-perp.js'
import { advancePerpIndexTwap } from './perp-index-price.js'
import { readPerpAccount } from './read-perp.js'
import {
  depositPerpCollateral,
  type OpenPerpPositionReturnType,
  openPerpPosition,
  seedPerpMaker,
} from './seed-perp.js'

const E18 = 10n ** 18n
const E6 = 10n ** 6n
const feedAbi = [
  {
    type: 'function',
    name: 'setPrice',
    stateMutability: 'nonpayable',
    inputs: [{ name: 'answer', type: 'int256' }],
    outputs: [],
  },
] as const

let anvil: AnvilInstance
let deployer: DevnetClient
let trader: DevnetClient
let perp: PerpDeployment<'ETH' | 'BTC'>
let ethFeed: Address
let short: OpenPerpPositionReturnType
let long: OpenPerpPositionReturnType
let btcTrader: DevnetClient

beforeAll(async () => {
  anvil = await startAnvil({ chainId: 42161, port: 0 })
  const client = (index: number) =>
    createDevnetClient({ chainId: 42161, rpcUrl: anvil.rpcUrl, privateKey: anvilKey(index) })
  deployer = client(0)
  trader = client(2)
  btcTrader = client(3)
  const erc20 = loadPackageArtifact(
    '@aave/core-v3/artifacts/contracts/mocks/tokens/MintableERC20.sol/MintableERC20.json',
  )
  const feed = loadProjectArtifact('DevnetPriceFeed')
  const usdc = await deployContract(deployer, { artifact: erc20, args: ['USD Coin', 'USDC', 6] })
  ethFeed = await deployContract(deployer, { artifact: feed, args: [8, 'ETH / USD', 3000_00000000n] })
  const btcFeed = await deployContract(deployer, { artifact: feed, args: [8, 'BTC / USD', 60000_00000000n] })

  const started = performance.now()
  perp = await deployPerp(deployer, {
    usdc,
    markets: [
      { symbol: 'ETH', indexFeed: ethFeed, initialPrice: 3000 },
      { symbol: 'BTC', indexFeed: btcFeed, initialPrice: 60000 },
    ],
  })
  const deployed = performance.now()
  await seedPerpMaker(client(1), perp, {
    collateral: 10_000_000n * E6,
    liquidity: {
      ETH: { base: 1000n * E18, quote: 3_000_000n * E18 },
      BTC: { base: 50n * E18, quote: 3_000_000n * E18 },
    },
  })
  await depositPerpCollateral(trader, perp, { amount: 10_000n * E6, mint: true })
  short = await openPerpPosition(trader, perp, {
    symbol: 'ETH',
    side: 'short',
    amount: E18,
    amountIn: 'base',
  })
  await depositPerpCollateral(btcTrader, perp, { amount: 5_000n * E6, mint: true })
  long = await openPerpPosition(btcTrader, perp, {
    symbol: 'BTC',
    side: 'long',
    amount: 20_000n * E18,
    amountIn: 'quote',
  })
  console.info(
    `perp: deploy ${((deployed - started) / 1000).toFixed(2)} s, seed ${((performance.now() - deployed) / 1000).toFixed(2)} s`,
  )
})

afterAll(async () => {
  await anvil?.stop()
})

describe('Perpetual Protocol v2 (Curie) on a bare anvil', () => {
  test('openPerpPosition() short 1 ETH reads back through AccountBalance, Vault and ClearingHouse views', async () => {
    const account = await readPerpAccount(deployer, perp, trader.account.address)
    const eth = account.positions.find((p) => p.symbol === 'ETH')
    expect(account.positions).toHaveLength(1)
    expect(eth?.takerPositionSize).toBe(-E18)
    expect(short.exchangedPositionSize).toBe(-E18)
    expect(eth?.takerOpenNotional).toBe(short.openNotional)
    expect(eth?.totalOpenNotional).toBe(short.openNotional)
    // Selling 1 vETH into ~$6M of liquidity at 3000 with a 0.1% fee: open notional ≈ 3000 − 3 − tiny slippage.
    expect(short.openNotional).toBeGreaterThan(2990n * E18)
    expect(short.openNotional).toBeLessThan(2997n * E18)
    expect(eth?.indexPrice).toBe(3000n * E18)
    expect(eth?.positionValue).toBe(-3000n * E18)
    expect(account.collateral).toBe(10_000n * E6)
    // accountValue = collateral + openNotional + positionValue − pending funding (≈ 10000 + 2996.x − 3000).
    // Funding accrues per second, and anvil runs calls on the latest block with the wall-clock
    // timestamp, so the views may straddle a second: allow 1e-4 USD (one second of funding on 1 ETH
    // at the seeded mark/index gap is ~1e-6 USD; seen in CI).
    const expectedValue = 10_000n * E18 + short.openNotional - 3000n * E18 - account.pendingFundingPayment
    expect(abs(account.accountValue - expectedValue)).toBeLessThanOrEqual(10n ** 14n)
    // Liquidation margin = mm ratio 6.25% × |position value| 3000 = 187.5.
    expect(account.marginRequirementForLiquidation).toBe(1875n * 10n ** 17n)
    // Free collateral = min(collateral, account value) − im ratio 10% × base debt value 3000.
    const expectedFree = (min(10_000n * E18, account.accountValue) - 300n * E18) / 10n ** 12n
    expect(abs(account.freeCollateral - expectedFree)).toBeLessThanOrEqual(1n)
  })

  test('openPerpPosition() long BTC sized in quote pays exactly that notional (4x leverage on 5,000 USDC)', async () => {
    const account = await readPerpAccount(deployer, perp, btcTrader.account.address)
    const btc = account.positions.find((p) => p.symbol === 'BTC')
    // Exact-input quote: the trader pays 20,000 vUSD (fee included), so open notional is −20,000.
    expect(long.openNotional).toBe(-20_000n * E18)
    expect(btc?.takerOpenNotional).toBe(-20_000n * E18)
    expect(btc?.takerPositionSize).toBe(long.exchangedPositionSize)
    // 19,980 vUSD after the 0.1% fee buys ≈ 0.333 BTC at 60,000 (a little less with slippage).
    expect(long.exchangedPositionSize).toBeGreaterThan(332n * 10n ** 15n)
    expect(long.exchangedPositionSize).toBeLessThan(333n * 10n ** 15n)
    // Liquidation margin = 6.25% × size × 60,000.
    const positionValue = (long.exchangedPositionSize * 60_000n * E18) / E18
    expect(btc?.positionValue).toBe(positionValue)
    expect(account.marginRequirementForLiquidation).toBe((positionValue * 625n) / 10_000n)
  })

  test('an ETH index move of +10% lowers the short account value by ~300 USD', async () => {
    const before = await readPerpAccount(deployer, perp, trader.account.address)
    // Mined before time moves (anvil mines a just-sent transaction after a following evm_increaseTime).
    await deployer.waitForTransactionReceipt({
      hash: await deployer.writeContract({
        address: ethFeed,
        abi: feedAbi,
        functionName: 'setPrice',
        args: [3300_00000000n],
      }),
    })
    await advancePerpIndexTwap(deployer, perp.clearingHouseConfig)
    const after = await readPerpAccount(deployer, perp, trader.account.address)
    const eth = after.positions[0]
    expect(eth?.indexPrice).toBe(3300n * E18)
    expect(eth?.positionValue).toBe(-3300n * E18)
    // −1 ETH × (+300) = −300; funding over a couple of seconds at a 10% premium is cents.
    const delta = after.accountValue - before.accountValue
    expect(delta).toBeLessThan(-299n * E18)
    expect(delta).toBeGreaterThan(-301n * E18)
    // mm requirement 6.25% × 3300 = 206.25; free collateral falls by 300 + 10% × 300 = 330.
    expect(after.marginRequirementForLiquidation).toBe(20625n * 10n ** 16n)
    const freeDelta = after.freeCollateral - before.freeCollateral
    expect(freeDelta).toBeLessThan(-329n * E6)
    expect(freeDelta).toBeGreaterThan(-331n * E6)
  })
})

const abs = (x: bigint) => (x < 0n ? -x : x)
const min = (a: bigint, b: bigint) => (a < b ? a : b)
