import '@xmargin/devnet/vitest/global-setup'
import { aavePoolAbi, toAssetsUp } from '@xmargin/adapters'
import {
  createDevnetClient,
  type DevnetManifest,
  manifestChain,
  manifestToken,
  resetPrices,
  revertSnapshot,
  seedCascadeWallets,
  shockPrice,
} from '@xmargin/devnet'
import {
  type Address,
  createTestClient,
  erc20Abi,
  getAddress,
  http,
  maxUint256,
  parseAbi,
  parseEther,
  parseEventLogs,
} from 'viem'
import { generatePrivateKey } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { type DevnetApiFixture, startDevnetApi } from '../support/devnet-fixture.js'
import { gql } from '../support/graphql-client.js'

const base = inject('devnetManifest')
const WAD = 10n ** 18n

const morphoBlueAbi = parseAbi([
  'function market(bytes32 id) view returns (uint128 totalSupplyAssets, uint128 totalSupplyShares, uint128 totalBorrowAssets, uint128 totalBorrowShares, uint128 lastUpdate, uint128 fee)',
  'function position(bytes32 id, address user) view returns (uint256 supplyShares, uint128 borrowShares, uint128 collateral)',
])
const oracleAbi = parseAbi(['function price() view returns (uint256)'])
const morphoLiquidateAbi = parseAbi([
  'struct MarketParams { address loanToken; address collateralToken; address oracle; address irm; uint256 lltv; }',
  'function liquidate(MarketParams marketParams, address borrower, uint256 seizedAssets, uint256 repaidShares, bytes data) returns (uint256, uint256)',
  'event Liquidate(bytes32 indexed id, address indexed caller, address indexed borrower, uint256 repaidAssets, uint256 repaidShares, uint256 seizedAssets, uint256 badDebtAssets, uint256 badDebtShares)',
])
const mintAbi = parseAbi(['function mint(address account, uint256 value) returns (bool)'])

const ROUND_ONE = `query ($s: [ShockInput!]) {
  cascade(all: true, shocks: $s, maxRounds: 1) {
    wallets reasons
    rounds { round liquidations { venue chainId wallet market } }
  }
}`
const EXACT_ROUND = `query {
  cascade(all: true, shocks: [{ factor: "ETH", spot: "0" }], maxRounds: 1) {
    reasons
    blocks { chainId blockNumber indexedBlock timestamp }
    rounds {
      liquidations { venue chainId wallet market collateralSeizedAmount debtRepaidAmount writtenOff }
    }
  }
}`
type ExactRound = {
  cascade: {
    reasons: string[]
    blocks: { chainId: number; blockNumber: string; indexedBlock: string; timestamp: number }[]
    rounds: {
      liquidations: {
        venue: string
        chainId: number
        wallet: string
        market: string | null
        collateralSeizedAmount: string
        debtRepaidAmount: string
        writtenOff: string
      }[]
    }[]
  }
}
type RoundOne = {
  cascade: {
    wallets: number
    reasons: string[]
    rounds: {
      round: number
      liquidations: { venue: string; chainId: number; wallet: string; market: string | null }[]
    }[]
  }
}

describe("the cascade's first round against the contracts after `pnpm shock` (issue 15)", () => {
  let f: DevnetApiFixture
  let manifest: DevnetManifest
  const snapshots = new Map<string, `0x${string}`>()
  const testClients = base.chains.map((c) => ({
    chain: c,
    client: createTestClient({ mode: 'anvil', transport: http(c.rpcUrl), cacheTime: 0 }),
  }))

  beforeAll(async () => {
    for (const { chain, client } of testClients) snapshots.set(chain.rpcUrl, await client.snapshot())
    // The devnet's 36 cascade wallets (what `--cascade-wallets` opens), tracked with the demo wallets.
    const cascadeWallets = await seedCascadeWallets(base)
    manifest = { ...base, wallets: [...base.wallets, ...cascadeWallets], cascadeWallets }
    f = await startDevnetApi(manifest)
  })
  // `pnpm shock WETH -25%`: the feeds of every chain (Aave's and Morpho's oracles read them); once.
  let shocked: Promise<unknown> | undefined
  const shockOnce = () => {
    shocked ??= shockPrice(manifest, { symbol: 'WETH', percent: -25 })
    return shocked
  }

  afterAll(async () => {
    await f?.close()
    await resetPrices(base, {})
    for (const { chain, client } of testClients)
      await revertSnapshot({ client, id: snapshots.get(chain.rpcUrl)! })
  })

  /** Every (venue, chain, wallet[, market]) the contracts say is liquidatable now, at each chain's head. */
  const liquidatableOnChain = async (): Promise<string[]> => {
    const out: string[] = []
    // Every tracked wallet: the manifest's and those the indexer found in venue events.
    const tracked = await f.store.getTrackedWallets()
    for (const chain of manifest.chains) {
      const client = f.clients.get(chain.chainId)!
      for (const { address } of tracked) {
        const wallet = getAddress(address)
        if (chain.contracts.aavePool) {
          const [, debt, , , , healthFactor] = await client.readContract({
            address: chain.contracts.aavePool,
            abi: aavePoolAbi,
            functionName: 'getUserAccountData',
            args: [wallet],
          })
          if (debt > 0n && healthFactor < WAD) out.push(`AAVE_V3@${chain.chainId}:${wallet}`)
        }
        const morpho = chain.contracts.morpho
        for (const market of morpho ? (chain.morphoMarkets ?? []) : []) {
          // Morpho._isHealthy: borrowed ≤ collateral · oracle price / 1e36 · LLTV.
          const [, borrowShares, collateral] = await client.readContract({
            address: morpho!,
            abi: morphoBlueAbi,
            functionName: 'position',
            args: [market.id, wallet],
          })
          if (borrowShares === 0n) continue
          const [, , totalBorrowAssets, totalBorrowShares] = await client.readContract({
            address: morpho!,
            abi: morphoBlueAbi,
            functionName: 'market',
            args: [market.id],
          })
          const price = await client.readContract({
            address: market.oracle as Address,
            abi: oracleAbi,
            functionName: 'price',
          })
          const borrowed = toAssetsUp(borrowShares, totalBorrowAssets, totalBorrowShares)
          const maxBorrow = (((collateral * price) / 10n ** 36n) * BigInt(market.lltv)) / WAD
          if (borrowed > maxBorrow) out.push(`MORPHO_BLUE@${chain.chainId}:${wallet}`)
        }
      }
    }
    return out.sort()
  }

  it("names in round 1 exactly the accounts each venue's contract says are liquidatable after the same move on chain", async () => {
    // Before anything moves on chain: nothing is liquidatable, and the simulated −25% round 1.
    expect(await liquidatableOnChain()).toEqual([])
    const res = await gql<RoundOne>(f.url, ROUND_ONE, { s: [{ factor: 'ETH', spot: '-0.25' }] })
    expect(res.errors).toBeUndefined()
    expect(res.data!.cascade.reasons).toEqual([])
    expect(res.data!.cascade.wallets).toBeGreaterThanOrEqual(manifest.wallets.length)
    const simulated = res
      .data!.cascade.rounds[0]!.liquidations.map((l) => `${l.venue}@${l.chainId}:${getAddress(l.wallet)}`)
      .sort()
    // The ladder's first six rungs on each venue (README), and the two demo wallets near the line.
    expect(simulated.length).toBeGreaterThanOrEqual(18)

    await shockOnce()
    expect(await liquidatableOnChain()).toEqual(simulated)
  })

  it("the store-fed round at ETH −25% repays, seizes and writes off on chain exactly what Morpho Blue's liquidate does, to the wei", async () => {
    // The indexed borrow shares and market totals: each call converts at the totals the previous left.
    await shockOnce()
    const chain = manifestChain(manifest, 8453)
    const morpho = chain.contracts.morpho as Address
    const liquidator = createDevnetClient({
      chainId: chain.chainId,
      rpcUrl: chain.rpcUrl,
      privateKey: generatePrivateKey(),
    })
    const me = liquidator.account.address
    const usdc = manifestToken(chain, 'USDC').address
    const weth = manifestToken(chain, 'WETH').address
    const testClient = testClients.find((c) => c.chain.chainId === chain.chainId)!.client
    await testClient.setBalance({ address: me, value: parseEther('10') })
    const send = async (request: Parameters<typeof liquidator.writeContract>[0]) =>
      liquidator.waitForTransactionReceipt({ hash: await liquidator.writeContract(request) })
    await send({ address: usdc, abi: mintAbi, functionName: 'mint', args: [me, 10n ** 13n] })
    await send({ address: usdc, abi: erc20Abi, functionName: 'approve', args: [morpho, maxUint256] })
    // The prices moved on chain: the store-fed cascade of the indexed state, ETH moved no further.
    await f.indexer.syncToHead()
    const res = await gql<ExactRound>(f.url, EXACT_ROUND)
    expect(res.errors).toBeUndefined()
    expect(res.data!.cascade.reasons).toEqual([])
    const read = res.data!.cascade.blocks.find((b) => b.chainId === chain.chainId)!
    // Interest accrues per second: the calls go in the block read, at its timestamp, on its state.
    const head = await liquidator.getBlock()
    expect({ read: read.blockNumber, head: head.number.toString() }).toEqual({
      read: head.number.toString(),
      head: head.number.toString(),
    })
    const calls = res.data!.cascade.rounds[0]!.liquidations.filter(
      (l) => l.venue === 'MORPHO_BLUE' && l.chainId === chain.chainId,
    )
    // The Morpho rungs of the cascade ladder at or above −25% (README), plus the demo wallet near the line.
    expect(calls.length).toBeGreaterThanOrEqual(6)
    for (const l of calls) {
      const market = chain.morphoMarkets!.find((m) => m.id.toLowerCase() === l.market)!
      const [, borrowShares, collateral] = await liquidator.readContract({
        address: morpho,
        abi: morphoBlueAbi,
        functionName: 'position',
        args: [market.id, getAddress(l.wallet)],
      })
      // Every share when the collateral covers them, else all the collateral (Morpho has no close factor).
      const seizesAll = BigInt(l.collateralSeizedAmount) === collateral
      const held = () =>
        Promise.all(
          [usdc, weth].map((token) =>
            liquidator.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [me] }),
          ),
        )
      const [usdcBefore, wethBefore] = await held()
      await testClient.setNextBlockTimestamp({ timestamp: BigInt(read.timestamp) })
      const receipt = await send({
        address: morpho,
        abi: morphoLiquidateAbi,
        functionName: 'liquidate',
        args: [
          { ...market, lltv: BigInt(market.lltv) } as never,
          getAddress(l.wallet),
          seizesAll ? collateral : 0n,
          seizesAll ? 0n : borrowShares,
          '0x',
        ],
      })
      const [usdcAfter, wethAfter] = await held()
      const [event] = parseEventLogs({ abi: morphoLiquidateAbi, eventName: 'Liquidate', logs: receipt.logs })
      const label = l.wallet
      expect({ label, repaid: usdcBefore! - usdcAfter!, seized: wethAfter! - wethBefore! }).toEqual({
        label,
        repaid: BigInt(l.debtRepaidAmount),
        seized: BigInt(l.collateralSeizedAmount),
      })
      expect({ label, writtenOff: event?.args.badDebtAssets }).toEqual({
        label,
        writtenOff: BigInt(l.writtenOff),
      })
    }
  })
})
