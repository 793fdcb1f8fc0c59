import { anvilKey } from '@xmargin/devnet'
import { useDevnetSnapshots } from '@xmargin/devnet/vitest'
import { type Address, erc20Abi, maxUint256, parseAbi, parseEther, parseEventLogs } from 'viem'
import { privateKeyToAddress } from 'viem/accounts'
import { describe, expect, inject, test } from 'vitest'
import type { AdapterContext, IndexedPosition } from '../../adapter.js'
import { executeReads } from '../../read/execute-reads.js'
import { createDevnetFixture, mintAbi } from '../../testing/devnet-fixture.js'
import { lower } from '../position-id.js'
import { morphoBlueAbi } from './morpho-blue-abis.js'
import { morphoBlueAdapter } from './morpho-blue-adapter.js'
import type { MorphoBlueMarket, MorphoBlueVenue } from './morpho-blue-venue.js'

const devnet = createDevnetFixture(inject('devnetManifest'))
useDevnetSnapshots(devnet.manifest)
const CHAIN = 8453
const deployer = privateKeyToAddress(anvilKey(0))

const marketParams = '(address loanToken, address collateralToken, address oracle, address irm, uint256 lltv)'
const morphoActions = parseAbi([
  `function accrueInterest(${marketParams} marketParams)`,
  `function supplyCollateral(${marketParams} marketParams, uint256 assets, address onBehalf, bytes data)`,
  `function borrow(${marketParams} marketParams, uint256 assets, uint256 shares, address onBehalf, address receiver) returns (uint256, uint256)`,
  `function repay(${marketParams} marketParams, uint256 assets, uint256 shares, address onBehalf, bytes data) returns (uint256, uint256)`,
  `function supply(${marketParams} marketParams, uint256 assets, uint256 shares, address onBehalf, bytes data) returns (uint256, uint256)`,
  `function withdraw(${marketParams} marketParams, uint256 assets, uint256 shares, address onBehalf, address receiver) returns (uint256, uint256)`,
])
const paramsOf = (m: MorphoBlueMarket) =>
  ({
    loanToken: m.loanToken,
    collateralToken: m.collateralToken,
    oracle: m.oracle,
    irm: m.irm,
    lltv: m.lltv,
  }) as const

async function context(): Promise<AdapterContext<MorphoBlueVenue>> {
  const found = (await devnet.chainAdapters(CHAIN)).contexts.morphoBlue
  if (!found) throw new Error('no Morpho on base')
  return found
}

async function readMorpho(wallet: Address, blockNumber: bigint) {
  const ctx = await context()
  const sharedCalls = morphoBlueAdapter.sharedReads(ctx)
  const calls = [...sharedCalls, ...morphoBlueAdapter.walletReads(ctx, wallet)]
  const { results } = await executeReads({ client: devnet.client(CHAIN), blockNumber, calls })
  const shared = morphoBlueAdapter.decodeShared(ctx, results.slice(0, sharedCalls.length))
  const positions = morphoBlueAdapter.decodeWallet({
    context: ctx,
    shared,
    wallet,
    results: results.slice(sharedCalls.length),
  })
  return { ctx, shared, positions }
}

const role = (positions: IndexedPosition[], name: string) => positions.find((p) => p.extra.role === name)

/** Mines an `accrueInterest` so the stored totals are current at the returned block. */
async function accrue(ctx: AdapterContext<MorphoBlueVenue>, market: MorphoBlueMarket) {
  const signer = devnet.signer(CHAIN, 'cross-chain')
  const hash = await signer.writeContract({
    address: ctx.venue.morpho,
    abi: morphoActions,
    functionName: 'accrueInterest',
    args: [paramsOf(market)],
  })
  return (await signer.waitForTransactionReceipt({ hash })).blockNumber
}

describe('morphoBlueAdapter', () => {
  test('decoded positions equal Morpho position + market for every seeded wallet and the lender', async () => {
    const client = devnet.client(CHAIN)
    const blockNumber = await client.getBlockNumber()
    const wallets = [...devnet.manifest.wallets.map((w) => w.address), deployer]
    let nonEmpty = 0
    for (const wallet of wallets) {
      const { ctx, positions } = await readMorpho(wallet, blockNumber)
      let expected = 0
      for (const market of ctx.venue.markets) {
        const [supplyShares, borrowShares, collateral] = await client.readContract({
          address: ctx.venue.morpho,
          abi: morphoBlueAbi,
          functionName: 'position',
          args: [market.id, wallet],
          blockNumber,
        })
        const [totalSupplyAssets, totalSupplyShares, totalBorrowAssets, totalBorrowShares] =
          await client.readContract({
            address: ctx.venue.morpho,
            abi: morphoBlueAbi,
            functionName: 'market',
            args: [market.id],
            blockNumber,
          })
        const mine = positions.filter((p) => p.extra.market === market.id.toLowerCase())
        expect(role(mine, 'collateral')?.amount ?? 0n).toBe(collateral)
        expect(role(mine, 'borrow')?.extra.shares ?? '0').toBe(borrowShares.toString())
        expect(role(mine, 'supply')?.extra.shares ?? '0').toBe(supplyShares.toString())
        // Morpho's SharesMathLib, written out independently: up for debt, down for supply.
        const up = (s: bigint, a: bigint, t: bigint) =>
          (s * (a + 1n) + (t + 10n ** 6n - 1n)) / (t + 10n ** 6n)
        const down = (s: bigint, a: bigint, t: bigint) => (s * (a + 1n)) / (t + 10n ** 6n)
        expect(role(mine, 'borrow')?.amount ?? 0n).toBe(
          up(borrowShares, totalBorrowAssets, totalBorrowShares),
        )
        expect(role(mine, 'supply')?.amount ?? 0n).toBe(
          down(supplyShares, totalSupplyAssets, totalSupplyShares),
        )
        expected += [collateral, borrowShares, supplyShares].filter((x) => x > 0n).length
      }
      expect(positions).toHaveLength(expected)
      if (expected > 0) nonEmpty++
    }
    expect(nonEmpty).toBe(2) // cross-chain (collateral + loan) and the deployer (lender)
  })

  test('the decoded debt is what a full repay takes, and the decoded supply what a full withdraw pays', async () => {
    const ctx = await context()
    const market = ctx.venue.markets[0] as MorphoBlueMarket
    const borrower = devnet.wallet('cross-chain')
    const signer = devnet.signer(CHAIN, 'cross-chain')
    await signer.writeContract({
      address: market.loanToken,
      abi: mintAbi,
      functionName: 'mint',
      args: [borrower, 10n ** 12n],
    })
    await signer.writeContract({
      address: market.loanToken,
      abi: erc20Abi,
      functionName: 'approve',
      args: [ctx.venue.morpho, maxUint256],
    })
    // A second, small lender: the market's liquidity covers its full withdrawal (not the deployer's).
    const lender = devnet.signer(CHAIN, 'stablecoin-only')
    const lenderAddress = lender.account.address
    await lender.writeContract({
      address: market.loanToken,
      abi: mintAbi,
      functionName: 'mint',
      args: [lenderAddress, 1000_000000n],
    })
    await lender.writeContract({
      address: market.loanToken,
      abi: erc20Abi,
      functionName: 'approve',
      args: [ctx.venue.morpho, maxUint256],
    })
    await lender.writeContract({
      address: ctx.venue.morpho,
      abi: morphoActions,
      functionName: 'supply',
      args: [paramsOf(market), 1000_000000n, 0n, lenderAddress, '0x'],
    })
    await devnet.client(CHAIN).request({ method: 'evm_increaseTime', params: [30 * 24 * 3600] } as never)
    const blockNumber = await accrue(ctx, market)
    const borrowed = role((await readMorpho(borrower, blockNumber)).positions, 'borrow')
    const lent = role((await readMorpho(lenderAddress, blockNumber)).positions, 'supply')
    if (!borrowed || !lent) throw new Error('seeded Morpho positions missing')
    expect(borrowed.amount).toBeGreaterThan(1500_000000n) // a month of interest
    const client = devnet.client(CHAIN)
    const { result: repaid } = await client.simulateContract({
      account: borrower,
      address: ctx.venue.morpho,
      abi: morphoActions,
      functionName: 'repay',
      args: [paramsOf(market), 0n, BigInt(borrowed.extra.shares as string), borrower, '0x'],
      blockNumber,
    })
    expect(repaid[0]).toBe(borrowed.amount)
    const { result: withdrawn } = await client.simulateContract({
      account: lenderAddress,
      address: ctx.venue.morpho,
      abi: morphoActions,
      functionName: 'withdraw',
      args: [paramsOf(market), 0n, BigInt(lent.extra.shares as string), lenderAddress, lenderAddress],
      blockNumber,
    })
    expect(withdrawn[0]).toBe(lent.amount)
    expect(lent.amount).toBeGreaterThan(1000_000000n) // it earned interest
  })

  test('revalue() after evm_increaseTime, a mined block and an accrual equals a fresh read exactly', async () => {
    const ctx = await context()
    const client = devnet.client(CHAIN)
    const wallets = [...devnet.manifest.wallets.map((w) => w.address), deployer]
    const before = await client.getBlockNumber()
    const stored = await Promise.all(wallets.map(async (w) => (await readMorpho(w, before)).positions))
    await client.request({ method: 'evm_increaseTime', params: [90 * 24 * 3600] } as never)
    await client.request({ method: 'evm_mine', params: [] } as never)
    const after = await accrue(ctx, ctx.venue.markets[0] as MorphoBlueMarket)
    let grew = 0
    for (const [i, wallet] of wallets.entries()) {
      const fresh = await readMorpho(wallet, after)
      const positions = stored[i] ?? []
      const revalued = positions.map((position) =>
        morphoBlueAdapter.revalue({ context: ctx, shared: fresh.shared, position }),
      )
      expect(revalued).toEqual(fresh.positions)
      grew += revalued.filter((p, j) => p.amount > (positions[j]?.amount ?? 0n)).length
    }
    expect(grew).toBe(2) // the borrower's debt and the lender's supply
  })

  test('walletsOf() finds the wallet in the logs of a collateral supply and a borrow', async () => {
    const ctx = await context()
    const market = ctx.venue.markets[0] as MorphoBlueMarket
    const signer = devnet.signer(CHAIN, 'empty')
    const me = signer.account.address
    await signer.setBalance({ address: me, value: parseEther('1') })
    const walletsIn = async (hash: `0x${string}`) => {
      const { logs } = await signer.waitForTransactionReceipt({ hash })
      const filter = morphoBlueAdapter.logFilter(ctx)
      return parseEventLogs({ abi: filter.events, logs, strict: false })
        .filter((log) => filter.address.includes(lower(log.address)))
        .flatMap((log) => morphoBlueAdapter.walletsOf(log))
    }
    await signer.writeContract({
      address: market.collateralToken,
      abi: mintAbi,
      functionName: 'mint',
      args: [me, parseEther('1')],
    })
    await signer.writeContract({
      address: market.collateralToken,
      abi: erc20Abi,
      functionName: 'approve',
      args: [ctx.venue.morpho, maxUint256],
    })
    const supplied = await walletsIn(
      await signer.writeContract({
        address: ctx.venue.morpho,
        abi: morphoActions,
        functionName: 'supplyCollateral',
        args: [paramsOf(market), parseEther('1'), me, '0x'],
      }),
    )
    expect(supplied).toEqual([lower(me)])
    const borrowed = await walletsIn(
      await signer.writeContract({
        address: ctx.venue.morpho,
        abi: morphoActions,
        functionName: 'borrow',
        args: [paramsOf(market), 100_000000n, 0n, me, me],
      }),
    )
    expect(borrowed).toContain(lower(me))
    const { positions } = await readMorpho(me, await signer.getBlockNumber())
    expect(role(positions, 'collateral')?.amount).toBe(parseEther('1'))
    // Borrowing mints shares rounded up, so repaying them all costs the borrowed amount or one unit more.
    expect(role(positions, 'borrow')?.amount).toBeGreaterThanOrEqual(100_000000n)
    expect(role(positions, 'borrow')?.amount).toBeLessThanOrEqual(100_000001n)
  })
})
