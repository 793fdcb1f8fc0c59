import { aggregatorV3Abi } from '@xmargin/adapters'
import { defaultRiskParameters } from '@xmargin/core'
import {
  anvilKey,
  createDevnetClient,
  devnetFeedAbi,
  historyRegimes,
  manifestChain,
  manifestFeeds,
  manifestToken,
  mineTogether,
  movePrices,
  seedPriceHistory,
} from '@xmargin/devnet'
import { useDevnetSnapshots } from '@xmargin/devnet/vitest'
import { calibrateRiskParameters, priceHistoryFromRounds } from '@xmargin/engine'
import { afterEach, describe, expect, inject, test } from 'vitest'
import { createIndexerFixture, type IndexerFixture } from './support/indexer-fixture.js'

const manifest = inject('devnetManifest')
useDevnetSnapshots(manifest)
let fixture: IndexerFixture | undefined
afterEach(async () => {
  await fixture?.close()
  fixture = undefined
})

const feedOf = (chainId: number, symbol: string) =>
  manifestToken(manifestChain(manifest, chainId), symbol).feed.toLowerCase() as `0x${string}`

/** Every round of a feed as the chain has it, read at the latest block. */
async function roundsOnChain(chainId: number, feed: `0x${string}`) {
  const chain = manifestChain(manifest, chainId)
  const client = createDevnetClient({ chainId, rpcUrl: chain.rpcUrl, privateKey: anvilKey(0) })
  const [latest] = await client.readContract({
    address: feed,
    abi: devnetFeedAbi,
    functionName: 'latestRoundData',
  })
  const rounds = []
  for (let id = 1n; id <= latest; id++) {
    const [roundId, answer, , updatedAt] = await client.readContract({
      address: feed,
      abi: aggregatorV3Abi,
      functionName: 'getRoundData',
      args: [id],
    })
    rounds.push([roundId, answer, Number(updatedAt)])
  }
  return rounds
}

const stored = async (chainId: number, feed: `0x${string}`) =>
  (await fixture!.store.getFeedRounds({ chainId, feed })).map((r) => [r.roundId, r.answer, r.updatedAt])

describe('price history (feed rounds)', () => {
  test('the first sync backfills every round of every feed; later moves add theirs', async () => {
    const weth = feedOf(1, 'WETH')
    // Rounds before the indexer starts: the backfill must walk back to round 1.
    await movePrices(manifest, { symbols: ['WETH'], next: ({ before }) => (before * 9n) / 10n })
    await movePrices(manifest, { symbols: ['WETH'], next: ({ before }) => (before * 11n) / 10n })
    fixture = await createIndexerFixture(manifest)
    await fixture.indexer.syncToHead()
    const before = await roundsOnChain(1, weth)
    expect(before.length).toBeGreaterThanOrEqual(3)
    expect(await stored(1, weth)).toEqual(before)
    // Every feed of every chain has its history.
    for (const chain of manifest.chains) {
      const bounds = await fixture.store.getFeedRoundBounds({ chainId: chain.chainId })
      expect(bounds.map((b) => b.feed).sort()).toEqual(
        manifestFeeds(chain)
          .map((f) => f.toLowerCase())
          .sort(),
      )
      for (const b of bounds) expect(b.oldest.roundId).toBe(1n)
    }
    await movePrices(manifest, { symbols: ['WETH'], next: ({ before }) => (before * 8n) / 10n })
    await fixture.indexer.syncToHead()
    const after = await roundsOnChain(1, weth)
    expect(after).toHaveLength(before.length + 1)
    expect(await stored(1, weth)).toEqual(after)
  })

  test('two rounds of one feed in one block are both kept (the first is read with getRoundData)', async () => {
    fixture = await createIndexerFixture(manifest)
    await fixture.indexer.syncToHead()
    const chain = manifestChain(manifest, 1)
    const feed = feedOf(1, 'WETH')
    const client = createDevnetClient({ chainId: 1, rpcUrl: chain.rpcUrl, privateKey: anvilKey(0) })
    const nonce = await client.getTransactionCount({ address: client.account.address, blockTag: 'pending' })
    await mineTogether({
      clients: [client],
      submit: async (c) => [
        await c.writeContract({
          address: feed,
          abi: devnetFeedAbi,
          functionName: 'setPrice',
          args: [1_000_00000000n],
          nonce,
        }),
        await c.writeContract({
          address: feed,
          abi: devnetFeedAbi,
          functionName: 'setPrice',
          args: [1_100_00000000n],
          nonce: nonce + 1,
        }),
      ],
    })
    await fixture.indexer.syncToHead()
    const rounds = await stored(1, feed)
    expect(rounds.slice(-2).map((r) => r[1])).toEqual([1_000_00000000n, 1_100_00000000n])
    expect(rounds).toEqual(await roundsOnChain(1, feed))
  })

  test('historyWindowSeconds bounds the backfill: rounds older than the window are not walked to', async () => {
    await movePrices(manifest, { symbols: ['WETH'], next: ({ before }) => (before * 9n) / 10n })
    fixture = await createIndexerFixture(manifest, { chainOverrides: { historyWindowSeconds: 1 } })
    const chain = manifestChain(manifest, 1)
    const client = createDevnetClient({ chainId: 1, rpcUrl: chain.rpcUrl, privateKey: anvilKey(0) })
    // Let the chain's clock pass the window, then sync: only the latest round is kept.
    await client.request({ method: 'evm_increaseTime' as never, params: [3600] as never })
    await client.mine({ blocks: 1 })
    await fixture.indexer.syncToHead()
    const rounds = await stored(1, feedOf(1, 'WETH'))
    const onChain = await roundsOnChain(1, feedOf(1, 'WETH'))
    expect(rounds.length).toBeLessThan(onChain.length)
    expect(rounds.at(-1)).toEqual(onChain.at(-1))
  })

  test('a seeded devnet history, indexed, calibrates: the crash raises the scan ranges of the next calibration', async () => {
    const days = 120
    await seedPriceHistory(manifest, { days })
    fixture = await createIndexerFixture(manifest)
    await fixture.indexer.syncToHead()
    const roundsOf = async (symbol: string) => {
      const rounds = await fixture!.store.getFeedRounds({ chainId: 1, feed: feedOf(1, symbol) })
      expect(rounds).toHaveLength(days + 1)
      return rounds
    }
    const [eth, btc] = [await roundsOf('WETH'), await roundsOf('WBTC')]
    const closes = eth.slice(0, days).map((r) => r.updatedAt)
    const history = priceHistoryFromRounds({
      rounds: { ETH: eth, BTC: btc },
      from: closes[0]!,
      to: closes[days - 1]!,
      periodSeconds: 86_400,
    })
    expect(history.times).toEqual(closes)
    const { calm, crash } = historyRegimes(days)
    const window = (end: number) => ({
      times: history.times.slice(0, end),
      prices: { ETH: history.prices.ETH!.slice(0, end), BTC: history.prices.BTC!.slice(0, end) },
    })
    const before = calibrateRiskParameters({
      history: window(calm),
      base: defaultRiskParameters,
      now: closes[calm - 1]!,
    })
    const after = calibrateRiskParameters({
      history: window(calm + crash + 1),
      base: defaultRiskParameters,
      now: closes[calm + crash]!,
      previous: before,
    })
    // Seed 14, 120 days: before the crash the calm realised scans (ETH ~10.3%, BTC ~7.9%) sit below
    // the static ones, which floor them (15%, 12%); after the crash, which opens with its jump, both
    // are above the static ones (ETH above 21%, BTC 12.9%: 0.8× ETH's vol).
    const scan = (c: typeof before, factor: string) => c.parameters.factors[factor]!.scan
    for (const factor of ['ETH', 'BTC']) {
      expect(scan(before, factor)).toBe(defaultRiskParameters.factors[factor]!.scan)
      expect(before.factors.find((f) => f.factor === factor)!.floored).toContain('scan')
      expect(after.factors.find((f) => f.factor === factor)!.floored).toEqual([])
    }
    expect(scan(after, 'ETH')).toBeGreaterThan(1.4 * scan(before, 'ETH'))
    expect(scan(after, 'BTC')).toBeGreaterThan(scan(before, 'BTC'))
  })
})
