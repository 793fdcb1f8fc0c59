import { createServer } from 'node:net'
import { type Address, type Hash, parseUnits } from 'viem'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createDevnetClient, type DevnetClient } from '../chain/client.js'
import { type AnvilInstance, startAnvil } from '../chain/start-anvil.js'
import { loadPackageArtifact, loadProjectArtifact } from '../deploy/artifacts.js'
import { deployContract } from '../deploy/deploy-contract.js'
import { aaveDataProviderAbi, aaveOracleAbi, aavePoolAbi } from './aave-abis.js'
import { type AaveDeployment, type AaveReserveInput, deployAave } from './deploy-aave.js'
import { aaveRiskPresets, ethCorrelatedEMode } from './reserve-presets.js'

// anvil's default accounts 0..2
const deployerKey = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
const borrowerKey = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'
const looperKey = '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a'

const assets = [
  { symbol: 'WETH', decimals: 18, price: 3_000n },
  { symbol: 'WBTC', decimals: 8, price: 60_000n },
  { symbol: 'USDC', decimals: 6, price: 1n },
  { symbol: 'USDT', decimals: 6, price: 1n },
  { symbol: 'wstETH', decimals: 18, price: 3_500n },
] as const
type AssetSymbol = (typeof assets)[number]['symbol']

const tokenArtifact = loadPackageArtifact(
  '@aave/core-v3/artifacts/contracts/mocks/tokens/MintableERC20.sol/MintableERC20.json',
)
const feedArtifact = loadProjectArtifact('DevnetPriceFeed')
const mintableAbi = tokenArtifact.abi
const feedAbi = feedArtifact.abi

let anvil: AnvilInstance
let deployer: DevnetClient
let borrower: DevnetClient
let looper: DevnetClient
let aave: AaveDeployment
let deploySeconds: number
const tokens = {} as Record<AssetSymbol, Address>
const feeds = {} as Record<AssetSymbol, Address>
let snapshot: `0x${string}`

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

async function mined(client: DevnetClient, hash: Promise<Hash>) {
  const receipt = await client.waitForTransactionReceipt({ hash: await hash, pollingInterval: 10 })
  expect(receipt.status).toBe('success')
}

/** Mints `amount` of `symbol` to the client's account, approves the pool and supplies it. */
async function mintAndSupply(client: DevnetClient, symbol: AssetSymbol, amount: bigint) {
  const me = client.account.address
  const token = tokens[symbol]
  await mined(
    client,
    client.writeContract({ address: token, abi: mintableAbi, functionName: 'mint', args: [me, amount] }),
  )
  await mined(
    client,
    client.writeContract({
      address: token,
      abi: mintableAbi,
      functionName: 'approve',
      args: [aave.pool, amount],
    }),
  )
  await mined(
    client,
    client.writeContract({
      address: aave.pool,
      abi: aavePoolAbi,
      functionName: 'supply',
      args: [token, amount, me, 0],
    }),
  )
}

function accountData(client: DevnetClient, blockNumber?: bigint) {
  return client.readContract({
    address: aave.pool,
    abi: aavePoolAbi,
    functionName: 'getUserAccountData',
    args: [client.account.address],
    ...(blockNumber === undefined ? {} : { blockNumber }),
  })
}

beforeAll(async () => {
  anvil = await startAnvil({ chainId: 1, port: await freePort() })
  deployer = createDevnetClient({ chainId: 1, rpcUrl: anvil.rpcUrl, privateKey: deployerKey })
  borrower = createDevnetClient({ chainId: 1, rpcUrl: anvil.rpcUrl, privateKey: borrowerKey })
  looper = createDevnetClient({ chainId: 1, rpcUrl: anvil.rpcUrl, privateKey: looperKey })

  for (const asset of assets) {
    tokens[asset.symbol] = await deployContract(deployer, {
      artifact: tokenArtifact,
      args: [asset.symbol, asset.symbol, asset.decimals],
    })
    feeds[asset.symbol] = await deployContract(deployer, {
      artifact: feedArtifact,
      args: [8, `${asset.symbol} / USD`, asset.price * 10n ** 8n],
    })
  }
  const reserves: AaveReserveInput[] = assets.map((asset) => ({
    symbol: asset.symbol,
    token: tokens[asset.symbol],
    decimals: asset.decimals,
    feed: feeds[asset.symbol],
    ...aaveRiskPresets[asset.symbol],
  }))

  const started = performance.now()
  aave = await deployAave(deployer, { reserves, eModes: [ethCorrelatedEMode] })
  deploySeconds = (performance.now() - started) / 1000
  console.info(
    JSON.stringify({
      event: 'aave_deployed',
      chain_id: 1,
      reserves: reserves.length,
      seconds: deploySeconds,
    }),
  )

  // Liquidity for the borrowers: the deployer supplies WETH and USDC.
  await mintAndSupply(deployer, 'WETH', parseUnits('100', 18))
  await mintAndSupply(deployer, 'USDC', parseUnits('1000000', 6))
}, 60_000)

afterAll(async () => {
  await anvil?.stop()
})

beforeEach(async () => {
  snapshot = await deployer.snapshot()
})

afterEach(async () => {
  await deployer.revert({ id: snapshot })
})

describe('deployAave()', () => {
  it('lists every reserve with its parameters, no caps, and the oracle on its feeds in USD/1e8', async () => {
    for (const address of [
      aave.pool,
      aave.poolConfigurator,
      aave.aaveOracle,
      aave.dataProvider,
      aave.aclManager,
    ]) {
      expect((await deployer.getCode({ address }))?.length ?? 0).toBeGreaterThan(2)
    }
    const unit = await deployer.readContract({
      address: aave.aaveOracle,
      abi: aaveOracleAbi,
      functionName: 'BASE_CURRENCY_UNIT',
    })
    expect(unit).toBe(10n ** 8n)

    for (const asset of assets) {
      const token = tokens[asset.symbol]
      const preset = aaveRiskPresets[asset.symbol]
      const read = { address: aave.dataProvider, abi: aaveDataProviderAbi, args: [token] } as const
      const [decimals, ltv, lt, bonus, reserveFactor, collateral, borrowing, stable, active, frozen] =
        await deployer.readContract({ ...read, functionName: 'getReserveConfigurationData' })
      expect({
        decimals,
        ltv,
        lt,
        bonus,
        reserveFactor,
        collateral,
        borrowing,
        stable,
        active,
        frozen,
      }).toEqual({
        decimals: BigInt(asset.decimals),
        ltv: BigInt(preset.ltv),
        lt: BigInt(preset.liquidationThreshold),
        bonus: BigInt(preset.liquidationBonus),
        reserveFactor: BigInt(preset.reserveFactor),
        collateral: true,
        borrowing: true,
        stable: false,
        active: true,
        frozen: false,
      })
      expect(await deployer.readContract({ ...read, functionName: 'getReserveCaps' })).toEqual([0n, 0n])
      expect(await deployer.readContract({ ...read, functionName: 'getReserveEModeCategory' })).toBe(
        BigInt('eModeCategory' in preset ? preset.eModeCategory : 0),
      )
      const [aToken, stableDebtToken, variableDebtToken] = await deployer.readContract({
        ...read,
        functionName: 'getReserveTokensAddresses',
      })
      expect(aave.reserves[asset.symbol]).toEqual({ aToken, stableDebtToken, variableDebtToken })
      expect(
        await deployer.readContract({
          address: aave.aaveOracle,
          abi: aaveOracleAbi,
          functionName: 'getAssetPrice',
          args: [token],
        }),
      ).toBe(asset.price * 10n ** 8n)
    }
    console.info(`deployAave took ${deploySeconds.toFixed(2)} s for ${assets.length} reserves`)
  })

  it('reports supplied WETH and borrowed USDC in getUserAccountData as computed by hand', async () => {
    const me = borrower.account.address
    await mintAndSupply(borrower, 'WETH', parseUnits('10', 18))
    const hash = await borrower.writeContract({
      address: aave.pool,
      abi: aavePoolAbi,
      functionName: 'borrow',
      args: [tokens.USDC, parseUnits('12000', 6), 2n, 0, me],
    })
    const receipt = await borrower.waitForTransactionReceipt({ hash })
    expect(receipt.status).toBe('success')

    // Read at the borrow's block: no time has passed since the indexes were updated, so the debt
    // is exactly the principal (USDC's borrow index is still 1 ray) and WETH, never borrowed,
    // earns nothing.
    const [collateral, debt, available, liquidationThreshold, ltv, healthFactor] = await accountData(
      borrower,
      receipt.blockNumber,
    )
    // collateral = 10 WETH x 3000 USD = 30,000 USD = 30_000e8 in base units (8 decimals)
    expect(collateral).toBe(30_000n * 10n ** 8n)
    // debt = 12,000 USDC x 1 USD
    expect(debt).toBe(12_000n * 10n ** 8n)
    // available = collateral x LTV 80.50 % - debt = 24,150 - 12,000 = 12,150 USD
    expect(available).toBe(12_150n * 10n ** 8n)
    expect(liquidationThreshold).toBe(8300n)
    expect(ltv).toBe(8050n)
    // HF = collateral x LT / debt = 30,000 x 0.83 / 12,000 = 24,900 / 12,000 = 2.075 (wad)
    expect(healthFactor).toBe(2_075_000_000_000_000_000n)
  })

  it('moves AaveOracle.getAssetPrice and the health factor when a feed price is set', async () => {
    const me = borrower.account.address
    await mintAndSupply(borrower, 'WETH', parseUnits('10', 18))
    await mined(
      borrower,
      borrower.writeContract({
        address: aave.pool,
        abi: aavePoolAbi,
        functionName: 'borrow',
        args: [tokens.USDC, parseUnits('12000', 6), 2n, 0, me],
      }),
    )
    const setPrice = await deployer.writeContract({
      address: feeds.WETH,
      abi: feedAbi,
      functionName: 'setPrice',
      args: [2_000n * 10n ** 8n],
    })
    const receipt = await deployer.waitForTransactionReceipt({ hash: setPrice })
    expect(receipt.status).toBe('success')

    const price = await deployer.readContract({
      address: aave.aaveOracle,
      abi: aaveOracleAbi,
      functionName: 'getAssetPrice',
      args: [tokens.WETH],
    })
    expect(price).toBe(2_000n * 10n ** 8n)

    // One block after the borrow the USDC debt has accrued a few wei of interest: the health
    // factor is 10 x 2,000 x 0.83 / 12,000 = 1.38333... minus that, within 1e-9 of the hand figure.
    const [collateral, debt, , , , healthFactor] = await accountData(borrower, receipt.blockNumber)
    expect(collateral).toBe(20_000n * 10n ** 8n)
    expect(debt).toBeGreaterThanOrEqual(12_000n * 10n ** 8n)
    expect(debt).toBeLessThan(12_000n * 10n ** 8n + 10n ** 4n) // < 0.0001 USD of interest
    const handHealthFactor = (16_600n * 10n ** 18n) / 12_000n // 1.383333333333333333e18
    expect(healthFactor).toBeLessThanOrEqual(handHealthFactor)
    expect(handHealthFactor - healthFactor).toBeLessThan(10n ** 9n)
  })

  it('raises the liquidation threshold to the eMode one after setUserEMode(1)', async () => {
    const me = looper.account.address
    await mintAndSupply(looper, 'wstETH', parseUnits('10', 18))
    // 10 wstETH x 3,500 USD = 35,000 USD at wstETH's own LTV 78.5 % / LT 81 %
    const before = await accountData(looper)
    expect(before[0]).toBe(35_000n * 10n ** 8n)
    expect([before[3], before[4]]).toEqual([8100n, 7850n])

    // 10 WETH = 30,000 USD: above 78.5 % of 35,000 (27,475) so it must revert outside eMode...
    const borrow = {
      address: aave.pool,
      abi: aavePoolAbi,
      functionName: 'borrow',
      args: [tokens.WETH, parseUnits('10', 18), 2n, 0, me],
    } as const
    await expect(looper.simulateContract(borrow)).rejects.toThrow()

    await mined(
      looper,
      looper.writeContract({ address: aave.pool, abi: aavePoolAbi, functionName: 'setUserEMode', args: [1] }),
    )
    expect(
      await looper.readContract({
        address: aave.pool,
        abi: aavePoolAbi,
        functionName: 'getUserEMode',
        args: [me],
      }),
    ).toBe(1n)
    const inEMode = await accountData(looper)
    // eMode 1: LTV 93 %, LT 95 % on the same 35,000 USD
    expect([inEMode[0], inEMode[3], inEMode[4]]).toEqual([35_000n * 10n ** 8n, 9500n, 9300n])
    expect(inEMode[2]).toBe(32_550n * 10n ** 8n) // 35,000 x 0.93

    // ...and succeed inside it (below 93 % = 32,550 USD).
    const hash = await looper.writeContract(borrow)
    const receipt = await looper.waitForTransactionReceipt({ hash })
    expect(receipt.status).toBe('success')
    const [, debt, , , , healthFactor] = await accountData(looper, receipt.blockNumber)
    expect(debt).toBe(30_000n * 10n ** 8n)
    // HF = 35,000 x 0.95 / 30,000 = 33,250 / 30,000 = 1.108333... (wadDiv rounds half up)
    expect(healthFactor).toBe(1_108_333_333_333_333_333n)
  })
})
