import '@xmargin/devnet/vitest/global-setup'
import { aavePoolAbi, toAssetsUp } from '@xmargin/adapters'
import { type DevnetManifest, resetPrices, seedCascadeWallets, shockPrice } from '@xmargin/devnet'
import { type Address, createTestClient, getAddress, http, parseAbi } from 'viem'
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

const ROUND_ONE = `query ($s: [ShockInput!]) {
  cascade(all: true, shocks: $s, maxRounds: 1) {
    wallets reasons
    rounds { round liquidations { venue chainId wallet market } }
  }
}`
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
  afterAll(async () => {
    await f?.close()
    await resetPrices(base, {})
    for (const { chain, client } of testClients) await client.revert({ id: snapshots.get(chain.rpcUrl)! })
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

    // `pnpm shock WETH -25%`: the feeds of every chain (Aave's and Morpho's oracles read them).
    await shockPrice(manifest, { symbol: 'WETH', percent: -25 })
    expect(await liquidatableOnChain()).toEqual(simulated)
  })
})
