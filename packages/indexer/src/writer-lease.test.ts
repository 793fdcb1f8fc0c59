import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createStore, WriterLockedError } from '@xmargin/store'
import { pino } from 'pino'
import { afterEach, describe, expect, test } from 'vitest'
import { StandbyStoppedError } from './errors.js'
import { createWriterLease } from './writer-lease.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A store with chain 1 registered, and the log lines (`msg`) a lease writes to it. */
async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'xmargin-lease-'))
  dirs.push(dir)
  const store = createStore({ path: join(dir, 'xmargin.db') })
  await store.upsertChains({
    chains: [{ chainId: 1, name: 'one', finalityDepth: 10, useFinalizedTag: false }],
  })
  const messages: string[] = []
  const logger = pino({ level: 'info' }, { write: (line: string) => messages.push(JSON.parse(line).msg) })
  return { store, logger, messages }
}

describe('createWriterLease() standby', () => {
  test('waits while a live holder on another host heartbeats, takes over once its lease expires', async () => {
    const { store, logger, messages } = await setup()
    // A holder on another machine: only its heartbeat's age tells whether it is alive.
    const holder = { owner: 'other', pid: 1, host: 'another-machine', chainIds: [1], timeoutMs: 400 }
    await store.acquireWriterLock(holder)
    const plain = createWriterLease({ store, chainIds: [1], logger, onLost: () => undefined })
    await expect(plain.acquire()).rejects.toBeInstanceOf(WriterLockedError)

    const standby = createWriterLease({
      store,
      chainIds: [1],
      logger,
      onLost: () => undefined,
      standby: true,
      standbyPollMs: 50,
    })
    let held = false
    const acquiring = standby.acquire().then(() => {
      held = true
    })
    // The holder heartbeats for a while: the standby keeps waiting.
    for (let i = 0; i < 6; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      await store.renewWriterLock({ owner: 'other', chainIds: [1] })
    }
    expect(held).toBe(false)
    expect(messages).toContain('standby: another indexer writes this chain; waiting to take over')
    // It stops heartbeating: past its timeout the standby holds the chain.
    await acquiring
    expect(messages).toContain('took over the writer lock of a stopped indexer')
    expect(messages).toContain('standby over: this indexer writes its chains now')
    await expect(store.renewWriterLock({ owner: 'other', chainIds: [1] })).rejects.toThrow(/no longer holds/)
    await standby.release()
    await store.close()
  })

  test('release() during the wait ends it with StandbyStoppedError and takes nothing', async () => {
    const { store, logger } = await setup()
    await store.acquireWriterLock({
      owner: 'other',
      pid: 1,
      host: 'another-machine',
      chainIds: [1],
      timeoutMs: 60_000,
    })
    const standby = createWriterLease({
      store,
      chainIds: [1],
      logger,
      onLost: () => undefined,
      standby: true,
      standbyPollMs: 50,
    })
    const acquiring = standby.acquire()
    await new Promise((resolve) => setTimeout(resolve, 120))
    await standby.release()
    await expect(acquiring).rejects.toBeInstanceOf(StandbyStoppedError)
    // The holder still holds it.
    await expect(store.renewWriterLock({ owner: 'other', chainIds: [1] })).resolves.toEqual({ renewed: 1 })
    await store.close()
  })
})
