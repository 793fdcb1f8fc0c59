import { spawn } from 'node:child_process'
import { hostname } from 'node:os'
import { afterEach, describe, expect, test } from 'vitest'
import type { Dialect } from '../dialect/executor.js'
import { WriterLockedError, WriterLockLostError } from '../errors.js'
import { readPidNamespace } from '../process-identity.js'
import { addressOf, createTempStore, header, type TempStore, testDialects } from '../testing/fixtures.js'

const chainA = 31337
const chainB = 31338
const host = hostname()
/** This process's pid namespace: a dead pid recorded with it is known to be dead. */
const pidNamespace = readPidNamespace()
const wallet = addressOf('tip-reader')

const temps: TempStore[] = []
const tempStore = async (dialect: Dialect) => {
  const temp = await createTempStore('store', dialect)
  temps.push(temp)
  return temp
}
afterEach(async () => {
  for (const temp of temps.splice(0)) await temp.dispose()
})

/** A pid that existed and is gone: a child that already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
  await new Promise((resolve) => child.once('exit', resolve))
  return child.pid!
}

describe.each(testDialects)('writer locks on %s', (dialect) => {
  test('a second writer of the same chain is refused with the holder named; other chains are free', async () => {
    const { store } = await tempStore(dialect)
    const first = { owner: 'first', pid: process.pid, host, timeoutMs: 30_000 }
    await store.acquireWriterLock({ ...first, chainIds: [chainA] })
    const second = { owner: 'second', pid: process.pid, host, timeoutMs: 30_000 }
    const refused = await store.acquireWriterLock({ ...second, chainIds: [chainB, chainA] }).catch((e) => e)
    expect(refused).toBeInstanceOf(WriterLockedError)
    expect(refused).toMatchObject({ chainId: chainA, holder: { owner: 'first', pid: process.pid, host } })
    expect(refused.shortMessage).toMatch(`pid ${process.pid}`)
    // All or none: chain B was not taken by the refused call.
    await store.acquireWriterLock({ ...first, chainIds: [chainB] })
    await store.releaseWriterLock({ owner: 'first' })
    expect(await store.acquireWriterLock({ ...second, chainIds: [chainA, chainB] })).toEqual({
      takenOver: [],
    })
  })

  test('the lock of a holder process that is gone (kill -9) is taken over at once', async () => {
    const { store } = await tempStore(dialect)
    const pid = await deadPid()
    await store.acquireWriterLock({
      owner: 'crashed',
      pid,
      host,
      pidNamespace,
      timeoutMs: 3_600_000,
      chainIds: [chainA],
    })
    const result = await store.acquireWriterLock({
      owner: 'restart',
      pid: process.pid,
      host,
      pidNamespace,
      timeoutMs: 30_000,
      chainIds: [chainA],
    })
    expect(result.takenOver).toEqual([{ chainId: chainA, previous: { owner: 'crashed', pid, host } }])
  })

  test('a holder with the same host name in another pid namespace (a container), or in an unknown one, is not declared dead by its pid', async () => {
    const temp = await tempStore(dialect)
    const { store } = temp
    const pid = await deadPid()
    const restart = { owner: 'restart', pid: process.pid, host, pidNamespace, timeoutMs: 30_000 }
    // Same host name and kernel, another container: its pid says nothing here.
    const container = `${pidNamespace}-other-container`
    await store.acquireWriterLock({
      owner: 'container',
      pid,
      host,
      pidNamespace: container,
      instance: 'container-process',
      timeoutMs: 3_600_000,
      chainIds: [chainA],
    })
    // A holder written without a namespace (an older version): unknown, never checked.
    await store.acquireWriterLock({ owner: 'older', pid, host, timeoutMs: 3_600_000, chainIds: [chainB] })
    for (const chainId of [chainA, chainB])
      await expect(store.acquireWriterLock({ ...restart, chainIds: [chainId] })).rejects.toBeInstanceOf(
        WriterLockedError,
      )
    // Nor does a writer that does not know its own namespace check anyone's pid.
    await store.releaseWriterLock({ owner: 'older' })
    await store.acquireWriterLock({
      owner: 'older',
      pid,
      host,
      pidNamespace,
      timeoutMs: 3_600_000,
      chainIds: [chainB],
    })
    await expect(
      store.acquireWriterLock({ ...restart, pidNamespace: null, chainIds: [chainB] }),
    ).rejects.toBeInstanceOf(WriterLockedError)
    expect(await store.acquireWriterLock({ ...restart, chainIds: [chainB] })).toMatchObject({
      takenOver: [{ chainId: chainB }],
    })
    // The lease row records the holder's process instance and namespace.
    const rows = await temp.query(
      'select chain_id, instance, pid_namespace from writer_locks order by chain_id',
    )
    expect(rows.map((row) => ({ ...row, chain_id: Number(row.chain_id) }))).toEqual([
      { chain_id: chainA, instance: 'container-process', pid_namespace: container },
      { chain_id: chainB, instance: null, pid_namespace: pidNamespace },
    ])
  })

  test('a write fenced with a writer that no longer holds the chain changes nothing (WriterLockLostError)', async () => {
    const { store } = await tempStore(dialect)
    const pid = await deadPid()
    await store.acquireWriterLock({
      owner: 'old',
      pid,
      host,
      pidNamespace,
      timeoutMs: 30_000,
      chainIds: [chainA],
    })
    await store.commitBlock({ chainId: chainA, block: header('a', 1), writer: 'old' })
    await store.acquireWriterLock({
      owner: 'new',
      pid: process.pid,
      host,
      pidNamespace,
      timeoutMs: 30_000,
      chainIds: [chainA],
    })
    const before = await store.contentHash()
    for (const write of [
      () => store.commitBlock({ chainId: chainA, block: header('a', 2), writer: 'old' }),
      () => store.rollbackTo({ chainId: chainA, blockNumber: 0, writer: 'old' }),
      () => store.markFinalized({ chainId: chainA, blockNumber: 1, writer: 'old' }),
      () => store.resetChain({ chainId: chainA, writer: 'old' }),
      () =>
        store.commitTipReads({
          chainId: chainA,
          blockHash: header('a', 1).hash,
          wallets: [wallet],
          positions: {
            upserts: [{ venue: 'wallet', wallet, kind: 'spot', key: `0x${'11'.repeat(20)}`, amount: 1n }],
          },
          writer: 'old',
        }),
    ])
      await expect(write()).rejects.toBeInstanceOf(WriterLockLostError)
    expect(await store.contentHash()).toBe(before)
    await store.commitBlock({ chainId: chainA, block: header('a', 2), writer: 'new' })
  })
})

// SQLite is one host by construction, so the store's injected clock is the database's clock.
describe('writer lock clock on sqlite', () => {
  test("on SQLite the store's clock is the database's: a holder on another host is taken over only after its heartbeat is older than its timeout by it; it then loses the lock", async () => {
    let now = 1_000_000
    const temp = await tempStore('sqlite')
    const store = await temp.openAnother(() => now)
    try {
      const remote = { owner: 'remote', pid: 1, host: 'other-host', timeoutMs: 10_000, chainIds: [chainA] }
      const local = { owner: 'local', pid: process.pid, host, timeoutMs: 10_000, chainIds: [chainA] }
      await store.acquireWriterLock(remote)
      now += 9_000
      await store.renewWriterLock({ owner: 'remote', chainIds: [chainA] })
      now += 9_000
      await expect(store.acquireWriterLock(local)).rejects.toBeInstanceOf(WriterLockedError)
      now += 2_000
      expect((await store.acquireWriterLock(local)).takenOver).toHaveLength(1)
      await expect(store.renewWriterLock({ owner: 'remote', chainIds: [chainA] })).rejects.toBeInstanceOf(
        WriterLockLostError,
      )
      // A clean stop of the old holder does not release the new holder's lock.
      expect(await store.releaseWriterLock({ owner: 'remote' })).toEqual({ released: 0 })
      expect(await store.renewWriterLock({ owner: 'local', chainIds: [chainA] })).toEqual({ renewed: 1 })
    } finally {
      await store.close()
    }
  })
})

/** Waits `ms` of real time (the database's clock moves with it). */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('writer lock clock on postgresql', () => {
  test('a writer whose clock runs an hour ahead does not take over a live holder; it takes over once the holder is silent past its timeout by the server clock', async () => {
    const temp = await tempStore('postgresql')
    const skewed = await temp.openAnother(() => Date.now() + 3_600_000)
    const holder = { owner: 'holder', pid: 1, host: 'other-host', chainIds: [chainA] }
    const ahead = { owner: 'ahead', pid: process.pid, host, timeoutMs: 10_000, chainIds: [chainA] }
    // The holder's own store runs on the real clock; the skewed one is an hour ahead of it.
    await temp.store.acquireWriterLock({ ...holder, timeoutMs: 60_000 })
    const refused = await skewed.acquireWriterLock(ahead).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(WriterLockedError)
    // Judged by the server's clock: silent for a moment, not for the hour the skewed clock would say.
    expect((refused as WriterLockedError).silentMs).toBeLessThan(60_000)
    await temp.store.renewWriterLock({ owner: 'holder', chainIds: [chainA] })
    await expect(skewed.acquireWriterLock(ahead)).rejects.toBeInstanceOf(WriterLockedError)

    // The holder re-acquires with a 1 s timeout (its own lock: a renewal), then stops renewing.
    await temp.store.acquireWriterLock({ ...holder, timeoutMs: 1_000 })
    await sleep(1_300)
    const result = await skewed.acquireWriterLock(ahead)
    expect(result.takenOver).toEqual([
      { chainId: chainA, previous: { owner: 'holder', pid: 1, host: 'other-host' } },
    ])
    await expect(temp.store.renewWriterLock({ owner: 'holder', chainIds: [chainA] })).rejects.toBeInstanceOf(
      WriterLockLostError,
    )
    // The heartbeat is the server's time, not the skewed writer's.
    const [row] = await temp.query(
      'select heartbeat_at - (extract(epoch from clock_timestamp()) * 1000)::bigint as ahead_ms from writer_locks',
    )
    expect(Math.abs(Number(row?.ahead_ms))).toBeLessThan(60_000)
  })
})
