import { anvilKey, createDevnetClient, manifestChain } from '@xmargin/devnet'
import { useDevnetSnapshots } from '@xmargin/devnet/vitest'
import { type Address, erc20Abi, maxUint256, parseAbi, parseEther, parseEventLogs } from 'viem'
import { privateKeyToAddress } from 'viem/accounts'
import { describe, expect, inject, test } from 'vitest'
import type { AdapterContext, IndexedPosition } from '../../adapter.js'
import { toAssetsDown, toAssetsUp } from '../../math/morpho-shares.js'
import { executeReads } from '../../read/execute-reads.js'
import { blockAt, createDevnetFixture, mintAbi } from '../../testing/devnet-fixture.js'
import { lower } from '../position-id.js'
import { morphoBlueAbi } from './morpho-blue-abis.js'
import { morphoBlueAdapter } from './morpho-blue-adapter.js'
import type { MorphoBlueMarket, MorphoBlueShared, MorphoBlueVenue } from './morpho-blue-venue.js'

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
const morphoOwnerActions = parseAbi([`function setFee(${marketParams} marketParams, uint256 newFee)`])
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

/**
 * Reads the shared state (hinted rounds until settled, like `settleShared`) and one wallet's
 * positions at `blockNumber` with the unbound adapter; `rounds` counts the shared rounds.
 */
async function readMorpho(wallet: Address, blockNumber: bigint, hint?: MorphoBlueShared) {
  const ctx = await context()
  const client = devnet.client(CHAIN)
  const block = await blockAt(client, blockNumber)
  let shared: MorphoBlueShared | undefined
  let previous = hint
  let rounds = 0
  while (shared === undefined || !morphoBlueAdapter.isSettled?.(shared)) {
    if (++rounds > 3) throw new Error('Morpho shared state did not settle in 3 rounds')
    const calls = morphoBlueAdapter.sharedReads(ctx, previous)
    const { results } = await executeReads({ client, blockNumber, calls })
    shared = morphoBlueAdapter.decodeShared(ctx, results, { block, hint: previous })
    previous = shared
  }
  const { results } = await executeReads({
    client,
    blockNumber,
    calls: morphoBlueAdapter.walletReads(ctx, wallet),
  })
  const positions = morphoBlueAdapter.decodeWallet({ context: ctx, shared, wallet, results })
  return { ctx, shared, positions, rounds }
}

/**
 * A fresh wallet borrows 900,000 USDC against 1,000 WETH: the market's utilization goes to ~90%,
 * so a month's interest is large enough for every term of Morpho's accrual to show.
 */
async function borrowHeavily(ctx: AdapterContext<MorphoBlueVenue>, market: MorphoBlueMarket) {
  const signer = devnet.signer(CHAIN, 'empty')
  const me = signer.account.address
  await signer.setBalance({ address: me, value: parseEther('1') })
  const send = async (request: Parameters<typeof signer.writeContract>[0]) =>
    signer.waitForTransactionReceipt({ hash: await signer.writeContract(request) })
  await send({
    address: market.collateralToken,
    abi: mintAbi,
    functionName: 'mint',
    args: [me, parseEther('1000')],
  })
  await send({
    address: market.collateralToken,
    abi: erc20Abi,
    functionName: 'approve',
    args: [ctx.venue.morpho, maxUint256],
  })
  await send({ address: market.loanToken, abi: mintAbi, functionName: 'mint', args: [me, 10n ** 13n] })
  await send({
    address: market.loanToken,
    abi: erc20Abi,
    functionName: 'approve',
    args: [ctx.venue.morpho, maxUint256],
  })
  await send({
    address: ctx.venue.morpho,
    abi: morphoActions,
    functionName: 'supplyCollateral',
    args: [paramsOf(market), parseEther('1000'), me, '0x'],
  })
  await send({
    address: ctx.venue.morpho,
    abi: morphoActions,
    functionName: 'borrow',
    args: [paramsOf(market), 900_000_000000n, 0n, me, me],
  })
  return me
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
    // Accrued in the read block, so the stored totals are the expected ones and the amounts can be
    // checked against `market(id)` directly (pending interest is the next test's subject).
    let blockNumber = 0n
    for (const market of (await context()).venue.markets) blockNumber = await accrue(await context(), market)
    const { timestamp } = await client.getBlock({ blockNumber })
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
        const [totalSupplyAssets, totalSupplyShares, totalBorrowAssets, totalBorrowShares, lastUpdate] =
          await client.readContract({
            address: ctx.venue.morpho,
            abi: morphoBlueAbi,
            functionName: 'market',
            args: [market.id],
            blockNumber,
          })
        expect(lastUpdate).toBe(timestamp)
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
        const debt = role(mine, 'borrow')
        if (debt) {
          // The engine's view carries what Morpho's liquidate converts with: shares and the market's totals.
          const core = morphoBlueAdapter.toCore({ context: ctx, position: debt, blockNumber })
          expect(core.kind === 'debt' ? core.morpho : undefined).toEqual({
            market: market.id.toLowerCase(),
            lltv: market.lltv,
            borrowShares,
            totalBorrowAssets,
            totalBorrowShares,
          })
        }
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
    // Each setup transaction is mined before time moves: a transaction still pending when
    // evm_increaseTime runs is mined 30 days later, and the lender would then earn no interest.
    const mined = async (client: typeof signer, hash: Promise<`0x${string}`>) =>
      client.waitForTransactionReceipt({ hash: await hash })
    await mined(
      signer,
      signer.writeContract({
        address: market.loanToken,
        abi: mintAbi,
        functionName: 'mint',
        args: [borrower, 10n ** 12n],
      }),
    )
    await mined(
      signer,
      signer.writeContract({
        address: market.loanToken,
        abi: erc20Abi,
        functionName: 'approve',
        args: [ctx.venue.morpho, maxUint256],
      }),
    )
    // A second, small lender: the market's liquidity covers its full withdrawal (not the deployer's).
    const lender = devnet.signer(CHAIN, 'stablecoin-only')
    const lenderAddress = lender.account.address
    await mined(
      lender,
      lender.writeContract({
        address: market.loanToken,
        abi: mintAbi,
        functionName: 'mint',
        args: [lenderAddress, 1000_000000n],
      }),
    )
    await mined(
      lender,
      lender.writeContract({
        address: market.loanToken,
        abi: erc20Abi,
        functionName: 'approve',
        args: [ctx.venue.morpho, maxUint256],
      }),
    )
    const supplied = await mined(
      lender,
      lender.writeContract({
        address: ctx.venue.morpho,
        abi: morphoActions,
        functionName: 'supply',
        args: [paramsOf(market), 1000_000000n, 0n, lenderAddress, '0x'],
      }),
    )
    await devnet.client(CHAIN).request({ method: 'evm_increaseTime', params: [30 * 24 * 3600] } as never)
    const blockNumber = await accrue(ctx, market)
    const client = devnet.client(CHAIN)
    const [from, to] = await Promise.all([
      client.getBlock({ blockNumber: supplied.blockNumber }),
      client.getBlock({ blockNumber }),
    ])
    expect(to.timestamp - from.timestamp).toBeGreaterThanOrEqual(30n * 24n * 3600n) // the lender lent for a month
    const borrowed = role((await readMorpho(borrower, blockNumber)).positions, 'borrow')
    const lent = role((await readMorpho(lenderAddress, blockNumber)).positions, 'supply')
    if (!borrowed || !lent) throw new Error('seeded Morpho positions missing')
    expect(borrowed.amount).toBeGreaterThan(1500_000000n) // a month of interest
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

  test('interest pending since the last accrual is included: debt = a full repay, supply = a withdraw in that block', async () => {
    const ctx = await context()
    const market = ctx.venue.markets[0] as MorphoBlueMarket
    const client = devnet.client(CHAIN)
    const borrower = await borrowHeavily(ctx, market)
    // A fee makes the accrual mint fee shares, which dilute every supplier: checked through the withdraw.
    const owner = createDevnetClient({
      chainId: CHAIN,
      rpcUrl: manifestChain(devnet.manifest, CHAIN).rpcUrl,
      privateKey: anvilKey(0),
    })
    await owner.waitForTransactionReceipt({
      hash: await owner.writeContract({
        address: ctx.venue.morpho,
        abi: morphoOwnerActions,
        functionName: 'setFee',
        args: [paramsOf(market), 10n ** 17n],
      }),
    })
    await client.request({ method: 'evm_increaseTime', params: [45 * 24 * 3600] } as never)
    await client.request({ method: 'evm_mine', params: [] } as never)
    const blockNumber = await client.getBlockNumber()
    const { shared, positions } = await readMorpho(borrower, blockNumber)
    const state = shared.get(market.id.toLowerCase())
    const { timestamp } = await client.getBlock({ blockNumber })
    if (!state) throw new Error('no market state')
    expect(state.stored.lastUpdate).toBeLessThan(timestamp - 44n * 24n * 3600n) // 45 days pending
    expect(state.stored.fee).toBe(10n ** 17n)
    // ~90% utilization for 45 days: about 11% interest (the devnet IRM's APR is the utilization).
    expect(state.expected.totalBorrowAssets).toBeGreaterThan((state.stored.totalBorrowAssets * 110n) / 100n)
    expect(state.expected.totalSupplyShares).toBeGreaterThan(state.stored.totalSupplyShares) // fee shares

    const borrowed = role(positions, 'borrow')
    if (!borrowed) throw new Error('Morpho debt missing')
    const { result: repaid } = await client.simulateContract({
      account: borrower,
      address: ctx.venue.morpho,
      abi: morphoActions,
      functionName: 'repay',
      args: [paramsOf(market), 0n, BigInt(borrowed.extra.shares as string), borrower, '0x'],
      blockNumber,
    })
    expect(borrowed.amount).toBe(repaid[0])
    // The stored totals alone would have under-stated the debt by the pending interest.
    const storedDebt = toAssetsUp(
      BigInt(borrowed.extra.shares as string),
      state.stored.totalBorrowAssets,
      state.stored.totalBorrowShares,
    )
    expect(borrowed.amount - storedDebt).toBeGreaterThan(90_000_000000n)

    // The lender (deployer) can't withdraw everything (the market is lent out): a twentieth of its
    // shares pays what the expected totals say, and the decoded supply uses the same totals.
    const lent = role((await readMorpho(deployer, blockNumber)).positions, 'supply')
    if (!lent) throw new Error('seeded Morpho supply missing')
    const lentShares = BigInt(lent.extra.shares as string)
    const { result: withdrawn } = await client.simulateContract({
      account: deployer,
      address: ctx.venue.morpho,
      abi: morphoActions,
      functionName: 'withdraw',
      args: [paramsOf(market), 0n, lentShares / 20n, deployer, deployer],
      blockNumber,
    })
    expect(withdrawn[0]).toBe(
      toAssetsDown(lentShares / 20n, state.expected.totalSupplyAssets, state.expected.totalSupplyShares),
    )
    expect(lent.amount).toBe(
      toAssetsDown(lentShares, state.expected.totalSupplyAssets, state.expected.totalSupplyShares),
    )
  })

  test('the IRM read settles in one round when hinted by the same totals, in two when the market changed since the hint', async () => {
    const ctx = await context()
    const market = ctx.venue.markets[0] as MorphoBlueMarket
    const client = devnet.client(CHAIN)
    const borrower = devnet.wallet('cross-chain')
    const mine = async (seconds: number) => {
      await client.request({ method: 'evm_increaseTime', params: [seconds] } as never)
      await client.request({ method: 'evm_mine', params: [] } as never)
      return client.getBlockNumber()
    }
    const first = await readMorpho(borrower, await mine(7 * 24 * 3600))
    expect(first.rounds).toBe(2) // no hint: the IRM's argument is only known after one read
    // Next block, same stored totals: the previous block's state is a hint good for one round.
    const next = await readMorpho(borrower, await mine(24 * 3600), first.shared)
    expect(next.rounds).toBe(1)
    expect(role(next.positions, 'borrow')?.amount).toBeGreaterThan(
      role(first.positions, 'borrow')?.amount ?? 0n,
    )
    // The market changes (an accrual), time passes: the old hint no longer matches -> two rounds,
    // with the same result as an unhinted read.
    await accrue(ctx, market)
    const blockNumber = await mine(24 * 3600)
    const stale = await readMorpho(borrower, blockNumber, first.shared)
    expect(stale.rounds).toBe(2)
    expect(stale.positions).toEqual((await readMorpho(borrower, blockNumber)).positions)
    // An unsettled state is never used for amounts.
    const calls = morphoBlueAdapter.sharedReads(ctx, first.shared)
    const { results } = await executeReads({ client, blockNumber, calls })
    const unsettled = morphoBlueAdapter.decodeShared(ctx, results, {
      block: await blockAt(client, blockNumber),
      hint: first.shared,
    })
    expect(morphoBlueAdapter.isSettled?.(unsettled)).toBe(false)
    const position = role(first.positions, 'borrow') as IndexedPosition
    expect(() => morphoBlueAdapter.revalue({ context: ctx, shared: unsettled, position })).toThrow(
      /not settled/,
    )
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
