import { manifestChain, manifestToken, shockPrice } from '@xmargin/devnet'
import { useDevnetSnapshots } from '@xmargin/devnet/vitest'
import { calculateAaveAccountData } from '@xmargin/engine'
import { type Address, erc20Abi, maxUint256, parseAbi, parseEther, parseEventLogs } from 'viem'
import { describe, expect, inject, test } from 'vitest'
import type { AdapterContext, IndexedPosition } from '../../adapter.js'
import { executeReads } from '../../read/execute-reads.js'
import { aaveDataProviderAbi, blockAt, createDevnetFixture, mintAbi } from '../../testing/devnet-fixture.js'
import { lower } from '../position-id.js'
import { aavePoolAbi, aaveTokenAbi } from './aave-v3-abis.js'
import { aaveV3AccountDataInput } from './aave-v3-account-data.js'
import { aaveV3Adapter } from './aave-v3-adapter.js'
import type { AaveV3Shared } from './aave-v3-shared.js'
import type { AaveV3Venue } from './aave-v3-venue.js'

const devnet = createDevnetFixture(inject('devnetManifest'))
useDevnetSnapshots(devnet.manifest)
const AAVE_CHAINS = [1, 42161]

async function context(chainId: number): Promise<AdapterContext<AaveV3Venue>> {
  const found = (await devnet.chainAdapters(chainId)).contexts.aaveV3
  if (!found) throw new Error(`no Aave on ${chainId}`)
  return found
}

/** Reads shared state and one wallet's positions at `blockNumber` with the adapter. */
async function readAave(chainId: number, wallet: Address, blockNumber: bigint) {
  const ctx = await context(chainId)
  const sharedCalls = aaveV3Adapter.sharedReads(ctx)
  const walletCalls = aaveV3Adapter.walletReads(ctx, wallet)
  const { results } = await executeReads({
    client: devnet.client(chainId),
    blockNumber,
    calls: [...sharedCalls, ...walletCalls],
  })
  const shared: AaveV3Shared = aaveV3Adapter.decodeShared(ctx, results.slice(0, sharedCalls.length), {
    block: await blockAt(devnet.client(chainId), blockNumber),
  })
  const positions = aaveV3Adapter.decodeWallet({
    context: ctx,
    shared,
    wallet,
    results: results.slice(sharedCalls.length),
  })
  return { ctx, shared, positions }
}

const supplyAbi = parseAbi([
  'function supply(address asset, uint256 amount, address onBehalfOf, uint16 referralCode)',
  'function borrow(address asset, uint256 amount, uint256 interestRateMode, uint16 referralCode, address onBehalfOf)',
])

const reserveConfigurationAbi = parseAbi([
  'function getReserveConfigurationData(address asset) view returns (uint256 decimals, uint256 ltv, uint256 liquidationThreshold, uint256 liquidationBonus, uint256 reserveFactor, bool usageAsCollateralEnabled, bool borrowingEnabled, bool stableBorrowRateEnabled, bool isActive, bool isFrozen)',
])

const find = (positions: IndexedPosition[], kind: string, asset: Address) =>
  positions.find((p) => p.kind === kind && p.key === lower(asset))

describe('aaveV3Adapter', () => {
  test('decoded positions equal aToken / debt token balanceOf and getUserReserveData for every seeded wallet', async () => {
    let checked = 0
    for (const chainId of AAVE_CHAINS) {
      const client = devnet.client(chainId)
      const blockNumber = await client.getBlockNumber()
      const dataProvider = manifestChain(devnet.manifest, chainId).contracts.aaveDataProvider as Address
      for (const { address: wallet } of devnet.manifest.wallets) {
        const { ctx, positions } = await readAave(chainId, wallet, blockNumber)
        let expectedCount = 0
        for (const reserve of ctx.venue.reserves) {
          const read = (address: Address) =>
            client.readContract({
              address,
              abi: aaveTokenAbi,
              functionName: 'balanceOf',
              args: [wallet],
              blockNumber,
            })
          const [aBalance, debt, data] = await Promise.all([
            read(reserve.aToken),
            read(reserve.variableDebtToken),
            client.readContract({
              address: dataProvider,
              abi: aaveDataProviderAbi,
              functionName: 'getUserReserveData',
              args: [reserve.asset, wallet],
              blockNumber,
            }),
          ])
          const supply = find(positions, 'supply', reserve.asset)
          const borrow = find(positions, 'debt', reserve.asset)
          expect(supply?.amount ?? 0n).toBe(aBalance)
          expect(supply?.amount ?? 0n).toBe(data[0])
          expect(borrow?.amount ?? 0n).toBe(debt)
          expect(borrow?.amount ?? 0n).toBe(data[2])
          expect(data[1]).toBe(0n) // no stable debt on the devnet
          if (supply) expect(supply.extra.collateral).toBe(String(data[8]))
          expectedCount += (aBalance > 0n ? 1 : 0) + (debt > 0n ? 1 : 0)
          if (aBalance > 0n || debt > 0n) checked++
        }
        expect(positions).toHaveLength(expectedCount)
      }
    }
    // cross-chain (2 chains), near-liquidation (2), stablecoin-only (1), emode-loop (2): 9 balances
    expect(checked).toBeGreaterThanOrEqual(7)
  })

  test('toCore + calculateAaveAccountData equals getUserAccountData exactly for every seeded wallet on 1 and 42161', async () => {
    for (const chainId of AAVE_CHAINS) {
      const client = devnet.client(chainId)
      const blockNumber = await client.getBlockNumber()
      for (const { name, address: wallet } of devnet.manifest.wallets) {
        const { ctx, shared, positions } = await readAave(chainId, wallet, blockNumber)
        const ours = calculateAaveAccountData(aaveV3AccountDataInput({ context: ctx, shared, positions }))
        const [collateral, debt, available, threshold, ltv, healthFactor] = await client.readContract({
          address: ctx.venue.pool,
          abi: aavePoolAbi,
          functionName: 'getUserAccountData',
          args: [wallet],
          blockNumber,
        })
        expect(
          {
            totalCollateralBase: ours.totalCollateralBase,
            totalDebtBase: ours.totalDebtBase,
            availableBorrowsBase: ours.availableBorrowsBase,
            currentLiquidationThreshold: ours.currentLiquidationThreshold,
            ltv: ours.ltv,
            healthFactor: ours.healthFactor,
          },
          `${name} on ${chainId}`,
        ).toEqual({
          totalCollateralBase: collateral,
          totalDebtBase: debt,
          availableBorrowsBase: available,
          currentLiquidationThreshold: threshold,
          ltv,
          healthFactor,
        })
      }
    }
  })

  test('stays exact after WETH and wstETH price shocks (near-liquidation drops below health 1)', async () => {
    await shockPrice(devnet.manifest, { symbol: 'WETH', percent: -7.5 })
    await shockPrice(devnet.manifest, { symbol: 'wstETH', percent: 3.33 })
    const client = devnet.client(1)
    const blockNumber = await client.getBlockNumber()
    for (const { address: wallet } of devnet.manifest.wallets) {
      const { ctx, shared, positions } = await readAave(1, wallet, blockNumber)
      const ours = calculateAaveAccountData(aaveV3AccountDataInput({ context: ctx, shared, positions }))
      const theirs = await client.readContract({
        address: ctx.venue.pool,
        abi: aavePoolAbi,
        functionName: 'getUserAccountData',
        args: [wallet],
        blockNumber,
      })
      expect([
        ours.totalCollateralBase,
        ours.totalDebtBase,
        ours.availableBorrowsBase,
        ours.currentLiquidationThreshold,
        ours.ltv,
        ours.healthFactor,
      ]).toEqual([...theirs])
      if (wallet === devnet.wallet('near-liquidation')) expect(ours.healthFactor).toBeLessThan(10n ** 18n)
    }
  })

  test('toCore carries the reserve and eMode context (emode-loop is in category 1)', async () => {
    const client = devnet.client(1)
    const blockNumber = await client.getBlockNumber()
    const { ctx, positions } = await readAave(1, devnet.wallet('emode-loop'), blockNumber)
    const core = positions.map((position) => aaveV3Adapter.toCore({ context: ctx, position, blockNumber }))
    expect(core.map((p) => [p.kind, p.asset]).sort()).toEqual([
      ['debt', 'WETH'],
      ['supply', 'wstETH'],
    ])
    const dataProvider = manifestChain(devnet.manifest, 1).contracts.aaveDataProvider as Address
    const [{ liquidationBonus: eModeBonus }] = [
      await client.readContract({
        address: manifestChain(devnet.manifest, 1).contracts.aavePool as Address,
        abi: aavePoolAbi,
        functionName: 'getEModeCategoryData',
        args: [1],
        blockNumber,
      }),
    ]
    for (const [i, p] of core.entries()) {
      if (p.kind !== 'supply' && p.kind !== 'debt') throw new Error('unexpected kind')
      expect(p.aave?.userEModeCategory).toBe(1)
      expect(p.aave?.eModeLtv).toBeGreaterThan(0)
      expect(p.blockNumber).toBe(blockNumber)
      // The liquidation bonuses the venue rule's liquidation needs, as the protocol reports them.
      const [, , , liquidationBonus] = await client.readContract({
        address: dataProvider,
        abi: reserveConfigurationAbi,
        functionName: 'getReserveConfigurationData',
        args: [positions[i]!.extra.asset as Address],
        blockNumber,
      })
      expect(p.aave?.liquidationBonus).toBe(Number(liquidationBonus))
      expect(p.aave?.eModeLiquidationBonus).toBe(eModeBonus)
    }
  })

  test('revalue() after evm_increaseTime and a mined block equals a fresh read exactly', async () => {
    for (const chainId of AAVE_CHAINS) {
      const client = devnet.client(chainId)
      const before = await client.getBlockNumber()
      const stored = new Map<Address, IndexedPosition[]>()
      for (const { address } of devnet.manifest.wallets)
        stored.set(address, (await readAave(chainId, address, before)).positions)
      await client.request({ method: 'evm_increaseTime', params: [90 * 24 * 3600] } as never)
      await client.request({ method: 'evm_mine', params: [] } as never)
      const after = await client.getBlockNumber()
      let grew = 0
      for (const [wallet, positions] of stored) {
        const fresh = await readAave(chainId, wallet, after)
        const revalued = positions.map((position) =>
          aaveV3Adapter.revalue({ context: fresh.ctx, shared: fresh.shared, position }),
        )
        expect(revalued).toEqual(fresh.positions)
        grew += revalued.filter((p, i) => p.amount > (positions[i]?.amount ?? 0n)).length
      }
      expect(grew).toBeGreaterThan(0) // interest accrued, so the test is not comparing constants
    }
  })

  test('walletsOf() finds the wallet in the logs of a supply, a borrow and an aToken transfer', async () => {
    const chain = manifestChain(devnet.manifest, 1)
    const ctx = await context(1)
    const signer = devnet.signer(1, 'empty')
    const me = signer.account.address
    const receiver = devnet.wallet('stablecoin-only')
    const weth = manifestToken(chain, 'WETH').address
    const usdc = manifestToken(chain, 'USDC').address
    const pool = ctx.venue.pool
    await signer.setBalance({ address: me, value: parseEther('1') })
    const logsOf = async (hash: `0x${string}`) => {
      const receipt = await signer.waitForTransactionReceipt({ hash })
      const filter = aaveV3Adapter.logFilter(ctx)
      const addresses = new Set(filter.address.map((a) => a.toLowerCase()))
      const matching = parseEventLogs({ abi: filter.events, logs: receipt.logs, strict: false }).filter(
        (log) => addresses.has(log.address.toLowerCase()),
      )
      return new Set(matching.flatMap((log) => aaveV3Adapter.walletsOf(log)))
    }
    await signer.writeContract({
      address: weth,
      abi: mintAbi,
      functionName: 'mint',
      args: [me, parseEther('5')],
    })
    await signer.writeContract({
      address: weth,
      abi: erc20Abi,
      functionName: 'approve',
      args: [pool, maxUint256],
    })
    const supplied = await logsOf(
      await signer.writeContract({
        address: pool,
        abi: supplyAbi,
        functionName: 'supply',
        args: [weth, parseEther('5'), me, 0],
      }),
    )
    expect(supplied).toContain(lower(me))
    const borrowed = await logsOf(
      await signer.writeContract({
        address: pool,
        abi: supplyAbi,
        functionName: 'borrow',
        args: [usdc, 1000_000000n, 2n, 0, me],
      }),
    )
    expect(borrowed).toEqual(new Set([lower(me)]))
    const aWeth = ctx.venue.reserves.find((r) => r.asset === lower(weth))?.aToken as Address
    const transferred = await logsOf(
      await signer.writeContract({
        address: aWeth,
        abi: erc20Abi,
        functionName: 'transfer',
        args: [receiver, parseEther('1')],
      }),
    )
    expect(transferred).toEqual(new Set([lower(me), lower(receiver)]))
    // And the receiver's fresh read shows the aWETH it got.
    const { positions } = await readAave(1, receiver, await signer.getBlockNumber())
    expect(find(positions, 'supply', weth)?.amount).toBeGreaterThanOrEqual(parseEther('1') - 1n)
  })
})
