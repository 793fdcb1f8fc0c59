import { anvilKey, createDevnetClient, manifestChain, manifestToken } from '@xmargin/devnet'
import { useDevnetSnapshots } from '@xmargin/devnet/vitest'
import { calculateAaveAccountData } from '@xmargin/engine'
import { type Address, parseAbi } from 'viem'
import { describe, expect, inject, test } from 'vitest'
import type { AdapterContext } from '../../adapter.js'
import { StaleVenueConfigError } from '../../errors/adapter-errors.js'
import { executeReads } from '../../read/execute-reads.js'
import { aaveDataProviderAbi, blockAt, createDevnetFixture } from '../../testing/devnet-fixture.js'
import { lower } from '../position-id.js'
import { aavePoolAbi, aaveTokenAbi } from './aave-v3-abis.js'
import { aaveV3AccountDataInput } from './aave-v3-account-data.js'
import { aaveV3Adapter } from './aave-v3-adapter.js'
import type { AaveV3Venue } from './aave-v3-venue.js'
import { resolveAaveV3Venue } from './resolve-aave-v3-venue.js'

const devnet = createDevnetFixture(inject('devnetManifest'))
useDevnetSnapshots(devnet.manifest)
const chain = manifestChain(devnet.manifest, 1)
const actions = parseAbi([
  'function setReserveStableRateBorrowing(address asset, bool enabled)',
  'function borrow(address asset, uint256 amount, uint256 interestRateMode, uint16 referralCode, address onBehalfOf)',
])

async function read(ctx: AdapterContext<AaveV3Venue>, wallet: Address, blockNumber: bigint) {
  const sharedCalls = aaveV3Adapter.sharedReads(ctx)
  const calls = [...sharedCalls, ...aaveV3Adapter.walletReads(ctx, wallet)]
  const { results } = await executeReads({ client: devnet.client(1), blockNumber, calls })
  const shared = aaveV3Adapter.decodeShared(ctx, results.slice(0, sharedCalls.length), {
    block: await blockAt(devnet.client(1), blockNumber),
  })
  return {
    shared,
    positions: aaveV3Adapter.decodeWallet({
      context: ctx,
      shared,
      wallet,
      results: results.slice(sharedCalls.length),
    }),
  }
}

describe('aaveV3Adapter with stable-rate debt', () => {
  test('stale config is detected; after re-resolving, stable debt is exact, revalues exactly and prices into getUserAccountData', async () => {
    const client = devnet.client(1)
    const usdc = lower(manifestToken(chain, 'USDC').address)
    const old = (await devnet.chainAdapters(1)).contexts.aaveV3
    if (!old) throw new Error('no Aave')
    expect(old.venue.reserves.find((r) => r.asset === usdc)?.readStableDebt).toBe(false)
    const admin = createDevnetClient({ chainId: 1, rpcUrl: chain.rpcUrl, privateKey: anvilKey(0) })
    const configurator = chain.contracts.aavePoolConfigurator as Address
    await admin.waitForTransactionReceipt({
      hash: await admin.writeContract({
        address: configurator,
        abi: actions,
        functionName: 'setReserveStableRateBorrowing',
        args: [usdc, true],
      }),
    })
    await expect(read(old, devnet.wallet('cross-chain'), await client.getBlockNumber())).rejects.toThrow(
      StaleVenueConfigError,
    )

    const venue = await resolveAaveV3Venue({ client, pool: old.venue.pool, oracle: old.venue.oracle })
    const ctx = { ...old, venue }
    const reserve = venue.reserves.find((r) => r.asset === usdc)
    if (!reserve) throw new Error('no USDC reserve')
    expect(reserve.readStableDebt).toBe(true)

    const borrower = devnet.signer(1, 'cross-chain')
    const wallet = borrower.account.address
    await borrower.waitForTransactionReceipt({
      hash: await borrower.writeContract({
        address: venue.pool,
        abi: actions,
        functionName: 'borrow',
        args: [usdc, 5000_000000n, 1n, 0, wallet],
      }),
    })
    const checkAgainstChain = async (blockNumber: bigint) => {
      const fresh = await read(ctx, wallet, blockNumber)
      const stable = fresh.positions.find((p) => p.key === `${usdc}:stable`)
      const balance = await client.readContract({
        address: reserve.stableDebtToken,
        abi: aaveTokenAbi,
        functionName: 'balanceOf',
        args: [wallet],
        blockNumber,
      })
      const data = await client.readContract({
        address: chain.contracts.aaveDataProvider as Address,
        abi: aaveDataProviderAbi,
        functionName: 'getUserReserveData',
        args: [usdc, wallet],
        blockNumber,
      })
      expect(stable?.amount).toBe(balance)
      expect(stable?.amount).toBe(data[1])
      const ours = calculateAaveAccountData(
        aaveV3AccountDataInput({ context: ctx, shared: fresh.shared, positions: fresh.positions }),
      )
      const theirs = await client.readContract({
        address: venue.pool,
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
      return fresh
    }
    const first = await checkAgainstChain(await client.getBlockNumber())
    const stored = first.positions
    expect(stored.find((p) => p.key === `${usdc}:stable`)?.extra.stableRate).not.toBe('0')

    await client.request({ method: 'evm_increaseTime', params: [365 * 24 * 3600] } as never)
    await client.request({ method: 'evm_mine', params: [] } as never)
    const later = await checkAgainstChain(await client.getBlockNumber())
    const revalued = stored.map((position) =>
      aaveV3Adapter.revalue({ context: ctx, shared: later.shared, position }),
    )
    expect(revalued).toEqual(later.positions)
    const grown = revalued.find((p) => p.key === `${usdc}:stable`)?.amount ?? 0n
    expect(grown).toBeGreaterThan(5000_000000n)
  })
})
