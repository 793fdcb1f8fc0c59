import { parseUnits } from 'viem'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { aaveDataProviderAbi, aaveOracleAbi, aavePoolAbi } from './aave-abis.js'
import {
  type AaveTestMarket,
  aaveTestAssets,
  confirm,
  devnetFeedAbi,
  startAaveTestMarket,
} from './aave-test-market.js'
import { aaveRiskPresets } from './reserve-presets.js'

let market: AaveTestMarket
let snapshot: `0x${string}`

beforeAll(async () => {
  market = await startAaveTestMarket()
  console.info(
    JSON.stringify({
      event: 'aave_deployed',
      chain_id: 1,
      reserves: aaveTestAssets.length,
      seconds: market.deploySeconds,
    }),
  )
}, 60_000)

afterAll(async () => {
  await market?.anvil.stop()
})

beforeEach(async () => {
  snapshot = await market.deployer.snapshot()
})

afterEach(async () => {
  await market.deployer.revert({ id: snapshot })
})

describe('deployAave()', () => {
  it('lists every reserve with its parameters, no caps, and the oracle on its feeds in USD/1e8', async () => {
    const { aave, deployer, tokens } = market
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

    for (const asset of aaveTestAssets) {
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
      expect(await deployer.readContract({ ...read, functionName: 'getFlashLoanEnabled' })).toBe(true)
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
    const flashLoanPremium = await deployer.readContract({
      address: aave.pool,
      abi: aavePoolAbi,
      functionName: 'FLASHLOAN_PREMIUM_TOTAL',
    })
    expect(flashLoanPremium).toBe(0n)
    const eMode = await deployer.readContract({
      address: aave.pool,
      abi: aavePoolAbi,
      functionName: 'getEModeCategoryData',
      args: [1],
    })
    expect(eMode).toEqual({
      ltv: 9300,
      liquidationThreshold: 9500,
      liquidationBonus: 10100,
      priceSource: '0x0000000000000000000000000000000000000000',
      label: 'ETH correlated',
    })
  })

  it('reports supplied WETH and borrowed USDC in getUserAccountData as computed by hand', async () => {
    const { aave, borrower, tokens, mintAndSupply, accountData } = market
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
    const { aave, deployer, borrower, tokens, feeds, mintAndSupply, accountData } = market
    const me = borrower.account.address
    await mintAndSupply(borrower, 'WETH', parseUnits('10', 18))
    await confirm(
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
      abi: devnetFeedAbi,
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
    const { aave, looper, tokens, mintAndSupply, accountData } = market
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
    // Aave error 36 = COLLATERAL_CANNOT_COVER_NEW_BORROW
    await expect(looper.simulateContract(borrow)).rejects.toThrow(/reason:\s*36\b/)

    await confirm(
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
