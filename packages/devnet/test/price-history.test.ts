import { createPublicClient, createTestClient, http, type PublicClient, parseAbi, publicActions } from 'viem'
import { describe, expect, inject, test } from 'vitest'
import { devnetFeedAbi } from '../src/actions/feed-abi.js'
import { freezeFeed } from '../src/actions/freeze-feed.js'
import { seedPriceHistory } from '../src/actions/seed-price-history.js'
import { DevnetError } from '../src/errors.js'
import { manifestChain, manifestToken } from '../src/manifest.js'
import { seededPricePaths } from '../src/seed/price-paths.js'
import { useDevnetSnapshots } from '../src/vitest/snapshots.js'

const manifest = inject('devnetManifest')
useDevnetSnapshots(manifest)

const roundAbi = parseAbi([
  'function getRoundData(uint80 roundId) view returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)',
])

describe('seedPriceHistory()', () => {
  test('writes N daily rounds then today’s answer on every feed, the same path for a symbol on every chain', async () => {
    const clientOf = (chainId: number) =>
      createPublicClient({
        transport: http(manifestChain(manifest, chainId).rpcUrl),
        cacheTime: 0,
      }) as PublicClient
    const blockTime = async (chainId: number) =>
      (await clientOf(chainId).getBlock({ blockTag: 'latest' })).timestamp
    const before = { 1: await blockTime(1), 42161: await blockTime(42161) }
    const { feeds } = await seedPriceHistory(manifest, { days: 200 })
    const after = { 1: await blockTime(1), 42161: await blockTime(42161) }
    expect(feeds.length).toBe(manifest.chains.reduce((n, c) => n + c.tokens.length, 0))
    const path = seededPricePaths({ days: 200, seed: 14 }).ETH
    for (const chainId of [1, 42161] as const) {
      const chain = manifestChain(manifest, chainId)
      const client = clientOf(chainId)
      const feed = manifestToken(chain, 'WETH').feed
      const [latest, answer, , updatedAt] = await client.readContract({
        address: feed,
        abi: devnetFeedAbi,
        functionName: 'latestRoundData',
      })
      expect(latest).toBe(201n)
      expect(answer).toBe(3000n * 10n ** 8n)
      const read = (id: bigint) =>
        client.readContract({ address: feed, abi: roundAbi, functionName: 'getRoundData', args: [id] })
      const first = await read(1n)
      const last = await read(200n)
      // The last close is a day before the block seeding began (between the block before the call and
      // the one after it); today's round is that block's or later, and no later than the call's end.
      const seededAt = last[3] + 86_400n
      expect(seededAt).toBeGreaterThanOrEqual(before[chainId])
      expect(updatedAt).toBeGreaterThanOrEqual(seededAt)
      expect(updatedAt).toBeLessThanOrEqual(after[chainId])
      expect(Number(last[3] - first[3])).toBe(199 * 86_400)
      expect(Number(first[1]) / 1e8).toBeCloseTo(3000 * path[0]!, 4)
      expect(Number((await read(150n))[1]) / 1e8).toBeCloseTo(3000 * path[149]!, 4)
      // No round beyond the latest.
      await expect(read(202n)).rejects.toThrow()
    }
  })

  test('on a chain mining every 2 s, lands 615 days in a few full blocks and leaves interval mining as it was', async () => {
    const chain = manifestChain(manifest, 1)
    const client = createTestClient({ mode: 'anvil', transport: http(chain.rpcUrl), cacheTime: 0 }).extend(
      publicActions,
    )
    const before = await client.getBlockNumber()
    await client.setAutomine(false)
    await client.setIntervalMining({ interval: 2 })
    try {
      await seedPriceHistory(manifest, { days: 615 })
      // 5 feeds × 615 rounds in calls of 297 (50,000 gas reserved a round): two full calls fill a
      // 30 M gas block, the five short last ones share one: 6 blocks. Sending one call and waiting for
      // its receipt, as before, took a block a call: 25 blocks of 2 s. The interval miner also mines
      // empty blocks every 2 s until the seeding pauses it and after it resumes, as many as the time
      // taken (more on a busy machine): the seeding's own blocks are the ones with transactions.
      const after = await client.getBlockNumber()
      const blocks = await Promise.all(
        Array.from({ length: Number(after - before) }, (_, i) =>
          client.getBlock({ blockNumber: before + 1n + BigInt(i) }),
        ),
      )
      expect(blocks.filter((block) => block.transactions.length > 0)).toHaveLength(6)
      expect(Number(await client.request({ method: 'anvil_getIntervalMining' as never }))).toBe(2)
      expect(await client.getAutomine()).toBe(false)
    } finally {
      await client.setIntervalMining({ interval: 0 })
      await client.setAutomine(true)
    }
  })

  test('refuses a frozen feed before writing anything on any chain', async () => {
    await freezeFeed(manifest, { symbol: 'WETH', chainId: 42161, frozen: true })
    const latestRound = (chainId: number, symbol: string) =>
      createPublicClient({
        transport: http(manifestChain(manifest, chainId).rpcUrl),
        cacheTime: 0,
      }).readContract({
        address: manifestToken(manifestChain(manifest, chainId), symbol).feed,
        abi: devnetFeedAbi,
        functionName: 'latestRound',
      })
    const rounds = [await latestRound(1, 'WETH'), await latestRound(42161, 'USDC')]
    await expect(seedPriceHistory(manifest, { days: 30 })).rejects.toThrow(
      /WETH feed on chain 42161 is frozen/,
    )
    expect([await latestRound(1, 'WETH'), await latestRound(42161, 'USDC')]).toEqual(rounds)
  })

  test('refuses a history length outside [1, 3650]', async () => {
    await expect(seedPriceHistory(manifest, { days: 0 })).rejects.toThrow(DevnetError)
  })
})
