import pg from 'pg'
import { afterEach, describe, expect, test } from 'vitest'
import type { Store } from '../create-store.js'
import { chainChangesChannel } from '../dialect/postgres/open-database.js'
import { ParentHashMismatchError, type StoreError } from '../errors.js'
import { createTempStore, header, type TempStore } from '../testing/fixtures.js'
import type { BlockCommitted } from './block-watcher.js'

let temp: TempStore | undefined
const cleanups: (() => Promise<unknown>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  await temp?.dispose()
  temp = undefined
})

const until = async (check: () => boolean, timeoutMs = 5_000) => {
  const start = Date.now()
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 200))

/** A raw `LISTEN` on the store's channel, beside the store: the payloads it received, in order. */
async function rawListener(url: string) {
  const client = new pg.Client({ connectionString: url })
  const payloads: string[] = []
  client.on('notification', ({ channel, payload }) => {
    if (channel === chainChangesChannel) payloads.push(payload ?? '')
  })
  await client.connect()
  await client.query(`listen ${chainChangesChannel}`)
  cleanups.push(() => client.end())
  return payloads
}

describe('store.watchBlocks() on postgresql: LISTEN/NOTIFY (issue 17)', () => {
  test('a reader whose poll would come once a minute hears another store commit at once', async () => {
    temp = await createTempStore('notify', 'postgresql')
    // No poll for 60 s: whatever reaches this reader sooner came by NOTIFY.
    const reader = await temp.openAnother(undefined, 60_000)
    const writer = await temp.openAnother()
    await writer.commitBlock({ chainId: 31337, block: header('a', 1) })
    const seen: { block: BlockCommitted; at: number }[] = []
    const stop = reader.watchBlocks({ onBlock: (block) => seen.push({ block, at: performance.now() }) })
    cleanups.push(async () => stop())
    await stop.ready
    const latencies: number[] = []
    for (const n of [2, 3, 4, 5, 6]) {
      await writer.commitBlock({ chainId: 31337, block: header('a', n) })
      const committed = performance.now()
      await until(() => seen.length === n - 1)
      latencies.push((seen.at(-1)?.at ?? Number.NaN) - committed)
    }
    expect(seen.map((s) => s.block.blockNumber)).toEqual([2, 3, 4, 5, 6])
    // A clock that moves is news too (the readers' cut may move).
    await writer.advanceChainClock({ chainId: 31337, clock: header('a', 6).timestamp + 1 })
    await until(() => seen.length === 6)
    console.log(
      `commit → watchBlocks across connections: ${latencies.map((ms) => ms.toFixed(1)).join(', ')} ms`,
    )
    expect(Math.max(...latencies)).toBeLessThan(1000)
  })

  test('the notification is part of the write: a rolled-back commit and a write that moves no tip send none', async () => {
    temp = await createTempStore('notify-tx', 'postgresql')
    const payloads = await rawListener(temp.location)
    const store: Store = temp.store
    await store.commitBlock({ chainId: 31337, block: header('a', 1) })
    await until(() => payloads.length === 1)
    expect(payloads).toEqual(['31337'])
    // Block 2 of another fork does not extend the tip: the transaction rolls back, its NOTIFY with it.
    await expect(store.commitBlock({ chainId: 31337, block: header('b', 2, 'b') })).rejects.toBeInstanceOf(
      ParentHashMismatchError,
    )
    await store.trackWallets({ wallets: [{ address: `0x${'1'.repeat(40)}`, source: 'api' }] })
    await store.advanceChainClock({ chainId: 31338, clock: 5 })
    await until(() => payloads.length === 2)
    await settle()
    expect(payloads).toEqual(['31337', '31338'])
  })

  test('a listening connection that dies is reported, and the watch polls from then on', async () => {
    temp = await createTempStore('notify-lost', 'postgresql')
    const reader = await temp.openAnother(undefined, 50)
    const writer = await temp.openAnother()
    const seen: BlockCommitted[] = []
    const errors: StoreError[] = []
    const stop = reader.watchBlocks({
      onBlock: (block) => seen.push(block),
      onError: (error) => errors.push(error),
    })
    cleanups.push(async () => stop())
    await stop.ready
    await temp.query(
      `select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query = 'listen ${chainChangesChannel}'`,
    )
    await until(() => errors.length === 1)
    await writer.commitBlock({ chainId: 31337, block: header('a', 1) })
    await until(() => seen.length === 1)
    expect(seen[0]).toMatchObject({ chainId: 31337, blockNumber: 1 })
  })
})
