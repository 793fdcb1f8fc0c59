import { afterEach, describe, expect, test } from 'vitest'
import type { Store } from '../create-store.js'
import type { Dialect } from '../dialect/executor.js'
import { createTempStore, header, type TempStore, testDialects } from '../testing/fixtures.js'
import type { BlockCommitted } from './block-watcher.js'

let temp: TempStore | undefined
let connections: Store[] = []
afterEach(async () => {
  for (const store of connections) await store.close()
  connections = []
  await temp?.dispose()
  temp = undefined
})

/** The serving process's store (polling fast) and a second store on the same database: the indexer's. */
async function twoConnections(dialect: Dialect) {
  temp = await createTempStore('store', dialect)
  const reader = await temp.openAnother(undefined, 20)
  const writer = await temp.openAnother()
  connections = [reader, writer]
  return { reader, writer }
}

const until = async (check: () => boolean, timeoutMs = 5_000) => {
  const start = Date.now()
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 150))

describe.each(testDialects)('store.watchBlocks() on %s', (dialect) => {
  test('reports a block another connection commits, with its chain and number, and each tip only once', async () => {
    const { reader, writer } = await twoConnections(dialect)
    await writer.commitBlock({ chainId: 31337, block: header('a', 1) })
    const seen: BlockCommitted[] = []
    const stop = reader.watchBlocks({ onBlock: (block) => seen.push(block) })
    // The watch's starting point is read asynchronously: a commit racing it need not be news.
    await stop.ready
    await settle()
    // Blocks stored before the watch are not news.
    expect(seen).toEqual([])
    await writer.commitBlock({ chainId: 31337, block: header('a', 2) })
    await until(() => seen.length === 1)
    expect(seen).toEqual([{ chainId: 31337, blockNumber: 2, hash: header('a', 2).hash }])
    await writer.commitBlock({ chainId: 31338, block: header('b', 7) })
    await writer.commitBlock({ chainId: 31337, block: header('a', 3) })
    await until(() => seen.length >= 3)
    await settle()
    expect(seen.slice(1).map((b) => [b.chainId, b.blockNumber])).toEqual(
      expect.arrayContaining([
        [31337, 3],
        [31338, 7],
      ]),
    )
    expect(seen).toHaveLength(3)
    stop()
  })

  test("reports a chain whose clock another connection advanced, with its unchanged tip (the readers' cut may move)", async () => {
    const { reader, writer } = await twoConnections(dialect)
    await writer.commitBlock({ chainId: 31337, block: header('a', 1) })
    const seen: BlockCommitted[] = []
    const stop = reader.watchBlocks({ onBlock: (block) => seen.push(block) })
    await stop.ready
    await writer.advanceChainClock({ chainId: 31337, clock: header('a', 1).timestamp + 1 })
    await until(() => seen.length === 1)
    expect(seen).toEqual([{ chainId: 31337, blockNumber: 1, hash: header('a', 1).hash }])
    stop()
  })

  test('reports the lower tip after a rollback, and nothing for a commit that moves no tip', async () => {
    const { reader, writer } = await twoConnections(dialect)
    for (const n of [1, 2, 3]) await writer.commitBlock({ chainId: 31337, block: header('a', n) })
    const seen: BlockCommitted[] = []
    const stop = reader.watchBlocks({ onBlock: (block) => seen.push(block) })
    await stop.ready
    await writer.trackWallets({ wallets: [{ address: `0x${'1'.repeat(40)}`, source: 'api' }] })
    await settle()
    expect(seen).toEqual([])
    await writer.rollbackTo({ chainId: 31337, blockNumber: 1 })
    await until(() => seen.length === 1)
    expect(seen).toEqual([{ chainId: 31337, blockNumber: 1, hash: header('a', 1).hash }])
    stop()
  })

  test('stops polling when the last watch stops: later commits reach no one, and a new watch starts from them', async () => {
    const { reader, writer } = await twoConnections(dialect)
    const first: BlockCommitted[] = []
    const second: BlockCommitted[] = []
    const stopFirst = reader.watchBlocks({ onBlock: (block) => first.push(block) })
    const stopSecond = reader.watchBlocks({ onBlock: (block) => second.push(block) })
    // The watch's starting point is read asynchronously: a commit racing it need not be news.
    await stopSecond.ready
    await writer.commitBlock({ chainId: 31337, block: header('a', 1) })
    await until(() => first.length === 1 && second.length === 1)
    stopFirst()
    await writer.commitBlock({ chainId: 31337, block: header('a', 2) })
    await until(() => second.length === 2)
    expect(first).toHaveLength(1)
    stopSecond()
    await writer.commitBlock({ chainId: 31337, block: header('a', 3) })
    await settle()
    expect(second).toHaveLength(2)
    const third: BlockCommitted[] = []
    const stopThird = reader.watchBlocks({ onBlock: (block) => third.push(block) })
    await stopThird.ready
    await settle()
    expect(third).toEqual([])
    await writer.commitBlock({ chainId: 31337, block: header('a', 4) })
    await until(() => third.length === 1)
    expect(third[0]?.blockNumber).toBe(4)
    stopThird()
  })
})
