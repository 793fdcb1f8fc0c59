import { afterEach, describe, expect, test } from 'vitest'
import { addressOf, createTempStore, header, type TempStore, testDialects } from '../testing/fixtures.js'
import type { FeedRoundWrite } from '../types.js'

const chainId = 31337
const feed = addressOf('eth-usd')
const btcFeed = addressOf('btc-usd')
const DAY = 86_400

const round = (roundId: bigint, answer: bigint, updatedAt: number, on = feed): FeedRoundWrite => ({
  feed: on,
  roundId,
  answer,
  decimals: 8,
  updatedAt,
})

let temp: TempStore | undefined
afterEach(async () => {
  await temp?.dispose()
  temp = undefined
})

describe.each(testDialects)('feed rounds (price history) on %s', (dialect) => {
  test('commitBlock stores rounds that getFeedRounds returns oldest first, filtered by time', async () => {
    temp = await createTempStore('store', dialect)
    const { store } = temp
    const checksummed = `0x${feed.slice(2).toUpperCase()}` as const
    const written = await store.commitBlock({
      chainId,
      block: header('a', 1),
      // Out of order and with a checksummed address: stored lowercased, read back by time.
      feedRounds: [
        round(3n, 2_100n, 3 * DAY, checksummed),
        round(1n, 2_000n, DAY),
        round(2n, 1_900n, 2 * DAY),
      ],
    })
    expect(written.feedRoundsWritten).toBe(3)
    const rounds = await store.getFeedRounds({ chainId, feed })
    expect(rounds.map((r) => [r.roundId, r.answer, r.updatedAt, r.blockNumber])).toEqual([
      [1n, 2_000n, DAY, 1],
      [2n, 1_900n, 2 * DAY, 1],
      [3n, 2_100n, 3 * DAY, 1],
    ])
    expect(rounds[0]).toMatchObject({ chainId, feed, decimals: 8 })
    const window = await store.getFeedRounds({
      chainId,
      feed: checksummed,
      fromTime: 2 * DAY,
      toTime: 2 * DAY,
    })
    expect(window.map((r) => r.roundId)).toEqual([2n])
  })

  test('a round already stored is kept as first read (rounds are immutable); bounds per feed', async () => {
    temp = await createTempStore('store', dialect)
    const { store } = temp
    await store.commitBlock({ chainId, block: header('a', 1), feedRounds: [round(5n, 10n, DAY)] })
    const again = await store.commitBlock({
      chainId,
      block: header('a', 2),
      feedRounds: [
        round(5n, 10n, DAY),
        round(4n, 9n, DAY - 60),
        round(7n, 12n, 2 * DAY),
        round(1n, 1n, DAY, btcFeed),
      ],
    })
    expect(again.feedRoundsWritten).toBe(3)
    expect((await store.getFeedRounds({ chainId, feed })).map((r) => [r.roundId, r.blockNumber])).toEqual([
      [4n, 2],
      [5n, 1],
      [7n, 2],
    ])
    const bounds = await store.getFeedRoundBounds({ chainId })
    const byFeed = new Map(bounds.map((b) => [b.feed, b]))
    expect(byFeed.get(feed)).toEqual({
      feed,
      oldest: { roundId: 4n, updatedAt: DAY - 60 },
      newest: { roundId: 7n, updatedAt: 2 * DAY },
      count: 3,
    })
    expect(byFeed.get(btcFeed)?.count).toBe(1)
    // As a rollback to block 1 would leave them: only the rounds read at block 1.
    const kept = await store.getFeedRoundBounds({ chainId, at: 1 })
    expect(kept).toEqual([
      { feed, oldest: { roundId: 5n, updatedAt: DAY }, newest: { roundId: 5n, updatedAt: DAY }, count: 1 },
    ])
  })

  test('compares round ids numerically (sortable text): round 10 is newer than round 9', async () => {
    temp = await createTempStore('store', dialect)
    const { store } = temp
    await store.commitBlock({
      chainId,
      block: header('a', 1),
      feedRounds: [round(9n, 1n, DAY), round(10n, 2n, 2 * DAY)],
    })
    const phased = (1n << 64n) + 1n // Chainlink proxy round ids carry the phase in the high bits.
    await store.commitBlock({ chainId, block: header('a', 2), feedRounds: [round(phased, 3n, 3 * DAY)] })
    const [bounds] = await store.getFeedRoundBounds({ chainId })
    expect(bounds?.oldest.roundId).toBe(9n)
    expect(bounds?.newest.roundId).toBe(phased)
  })

  test('rollbackTo deletes the rounds read above the ancestor; resetChain deletes them all', async () => {
    temp = await createTempStore('store', dialect)
    const { store } = temp
    await store.commitBlock({ chainId, block: header('a', 1), feedRounds: [round(1n, 1n, DAY)] })
    await store.commitBlock({ chainId, block: header('a', 2), feedRounds: [round(2n, 2n, 2 * DAY)] })
    await store.commitBlock({ chainId, block: header('a', 3), feedRounds: [round(3n, 3n, 3 * DAY)] })
    const rolled = await store.rollbackTo({ chainId, blockNumber: 1 })
    expect(rolled.feedRoundsRemoved).toBe(2)
    expect((await store.getFeedRounds({ chainId, feed })).map((r) => r.roundId)).toEqual([1n])
    // The new fork reads round 2 again, with another answer.
    await store.commitBlock({ chainId, block: header('b', 2, 'a'), feedRounds: [round(2n, 22n, 2 * DAY)] })
    expect((await store.getFeedRounds({ chainId, feed })).map((r) => r.answer)).toEqual([1n, 22n])
    await store.resetChain({ chainId })
    expect(await store.getFeedRounds({ chainId, feed })).toEqual([])
  })
})
