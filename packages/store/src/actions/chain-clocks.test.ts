import { hostname } from 'node:os'
import { describe, expect, test } from 'vitest'
import { UnknownChainError, WriterLockLostError } from '../errors.js'
import {
  addressOf,
  type CommitInput,
  commitAll as commitAndRecordClock,
  header,
  spotWrite,
  type TempStore,
  testDialects,
  useTempStores,
} from '../testing/fixtures.js'
import type { BlockHeader } from '../types.js'

/** Commits without recording a clock: these tests set every clock themselves. */
const commitAll = (
  store: TempStore['store'],
  chainId: number,
  items: readonly [BlockHeader, CommitInput][],
) => commitAndRecordClock(store, chainId, items, { clock: false })

const chainA = 31337
const chainB = 31338
const alice = addressOf('alice')
/** Block `number` of `fork` stamped `timestamp`. */
const at = (fork: string, number: number, timestamp: number): BlockHeader => ({
  ...header(fork, number),
  timestamp,
})

const tempStore = useTempStores()
const served = async (store: TempStore['store']) =>
  Object.fromEntries((await store.getChainHeads()).map((h) => [h.chain.chainId, h.served?.number ?? null]))

/** Both chains complete from block 1 (t = 100), alice holding 100 on each. */
const twoChains = async (store: TempStore['store']) => {
  for (const chainId of [chainA, chainB])
    await commitAll(store, chainId, [
      [at('a', 1, 100), { positions: { upserts: [spotWrite(100n)] }, cursors: ['head'], complete: true }],
    ])
}

describe.each(testDialects)('chain clocks and the one cut in time on %s', (dialect) => {
  test('a change mined on two chains at one timestamp is served on both or on neither', async () => {
    const store = await tempStore(dialect)
    await twoChains(store)
    await store.advanceChainClock({ chainId: chainA, clock: 101 })
    await store.advanceChainClock({ chainId: chainB, clock: 101 })
    // The shock, t = 105: chain A's indexer has it, chain B's has not polled since.
    await commitAll(store, chainA, [[at('a', 2, 105), { positions: { upserts: [spotWrite(50n)] } }]])
    await store.advanceChainClock({ chainId: chainA, clock: 106 })
    expect(await served(store)).toEqual({ [chainA]: 1, [chainB]: 1 })
    const pins = (await store.getChainHeads()).map((h) => ({
      chainId: h.chain.chainId,
      blockNumber: h.served!.number,
      blockHash: h.served!.hash,
    }))
    expect((await store.getPositions({ wallets: [alice], at: pins })).map((p) => p.amount)).toEqual([
      100n,
      100n,
    ])
    // Chain B's block is stored but its clock has not passed it: still neither.
    await commitAll(store, chainB, [[at('a', 2, 105), { positions: { upserts: [spotWrite(50n)] } }]])
    expect(await served(store)).toEqual({ [chainA]: 1, [chainB]: 1 })
    await store.advanceChainClock({ chainId: chainB, clock: 106 })
    expect(await served(store)).toEqual({ [chainA]: 2, [chainB]: 2 })
    const heads = await store.getChainHeads()
    expect(heads.map((h) => h.cutTime)).toEqual([106, 106])
  })

  test('a chain whose tip is below the cut is served at its tip; the cut is the lowest clock', async () => {
    const store = await tempStore(dialect)
    await twoChains(store)
    await store.advanceChainClock({ chainId: chainA, clock: 140 })
    await store.advanceChainClock({ chainId: chainB, clock: 120 })
    await commitAll(store, chainA, [[at('a', 2, 130), {}]])
    const heads = await store.getChainHeads()
    expect(heads.map((h) => [h.chain.chainId, h.served?.number, h.cutTime, h.tip?.number])).toEqual([
      [chainA, 1, 120, 2],
      [chainB, 1, 120, 1],
    ])
  })

  test('a chain without a clock takes no part; one far behind holds every chain back (no skew allowance)', async () => {
    const store = await tempStore(dialect)
    await twoChains(store)
    await commitAll(store, chainA, [[at('a', 2, 200), {}]])
    await store.advanceChainClock({ chainId: chainA, clock: 201 })
    // Chain B has no clock: A alone is cut, at its own clock.
    expect(await served(store)).toEqual({ [chainA]: 2, [chainB]: 1 })
    expect((await store.getChainHeads()).map((h) => h.cutTime)).toEqual([201, null])
    // B's clock 100 s behind (its indexer stalled, or polled last before a time jump every chain
    // took): A is held back to it, so no reader mixes A after the jump with B before it.
    await store.advanceChainClock({ chainId: chainB, clock: 101 })
    expect((await store.getChainHeads()).map((h) => [h.served?.number, h.cutTime])).toEqual([
      [1, 101],
      [1, 101],
    ])
  })

  test('a clock never moves back, is fenced by the writer lock, and is cleared by a rollback', async () => {
    const store = await tempStore(dialect)
    await twoChains(store)
    expect(await store.advanceChainClock({ chainId: chainA, clock: 150 })).toEqual({
      clock: 150,
      advanced: true,
    })
    expect(await store.advanceChainClock({ chainId: chainA, clock: 140 })).toEqual({
      clock: 150,
      advanced: false,
    })
    await expect(store.advanceChainClock({ chainId: 999, clock: 1 })).rejects.toBeInstanceOf(
      UnknownChainError,
    )
    await store.acquireWriterLock({
      owner: 'one',
      pid: process.pid,
      host: hostname(),
      timeoutMs: 60_000,
      chainIds: [chainA],
    })
    await expect(
      store.advanceChainClock({ chainId: chainA, clock: 160, writer: 'two' }),
    ).rejects.toBeInstanceOf(WriterLockLostError)
    await store.releaseWriterLock({ owner: 'one' })
    await commitAll(store, chainA, [[at('a', 2, 155), {}]])
    expect((await store.getChainHeads({ chainIds: [chainA] }))[0]!.clock).toBe(155)
    await store.advanceChainClock({ chainId: chainA, clock: 170 })
    await store.rollbackTo({ chainId: chainA, blockNumber: 1 })
    // Block 2 is gone: the clock no longer holds; the chain takes no part until its indexer sets it again.
    const [head] = await store.getChainHeads({ chainIds: [chainA] })
    expect(head).toMatchObject({ clock: null, cutTime: null })
    expect(head!.served?.number).toBe(1)
  })

  test('a complete run that starts above the served block is not reported there (before-cut)', async () => {
    const store = await tempStore(dialect)
    await commitAll(store, chainA, [[at('a', 1, 100), { cursors: ['discovery'] }]])
    await commitAll(store, chainA, [
      [at('a', 2, 110), { positions: { upserts: [spotWrite(1n)] }, complete: true }],
    ])
    await commitAll(store, chainB, [[at('a', 1, 100), { complete: true }]])
    await store.advanceChainClock({ chainId: chainA, clock: 111 })
    await store.advanceChainClock({ chainId: chainB, clock: 105 })
    expect((await store.getChainHeads({ chainIds: [chainA, chainB] }))[0]).toMatchObject({
      served: { number: 1 },
      completeFrom: 2,
      incomplete: 'before-cut',
    })
    await store.advanceChainClock({ chainId: chainB, clock: 111 })
    expect((await store.getChainHeads())[0]).toMatchObject({ served: { number: 2 }, incomplete: null })
  })

  test('a block committed with its clock is never read without it (a re-synced chain takes part in the cut from its first commit)', async () => {
    const store = await tempStore(dialect)
    await twoChains(store)
    await store.advanceChainClock({ chainId: chainA, clock: 101 })
    // Chain B has blocks up to t = 200 and a clock past them.
    await commitAll(store, chainB, [[at('a', 2, 200), { positions: { upserts: [spotWrite(70n)] } }]])
    await store.advanceChainClock({ chainId: chainB, clock: 201 })
    // Chain A is reset (a reorg below its first sync) and re-synced at its head, stamped t = 150:
    // with the clock in the same commit, A takes part in the cut from that commit on.
    await store.resetChain({ chainId: chainA })
    expect((await store.getChainHeads()).map((h) => h.clock)).toEqual([null, 201])
    await store.commitBlock({
      chainId: chainA,
      block: at('b', 1, 150),
      positions: { upserts: [spotWrite(100n)] },
      cursors: ['head'],
      complete: true,
      clock: 190,
    })
    const heads = await store.getChainHeads()
    expect(heads.map((h) => [h.chain.chainId, h.clock, h.cutTime, h.served?.number ?? null])).toEqual([
      [chainA, 190, 190, 1],
      [chainB, 201, 190, 1],
    ])
    // A clock committed with a later block never moves it back, and it must be unix seconds.
    await store.commitBlock({ chainId: chainA, block: at('b', 2, 160), clock: 170 })
    expect((await store.getChainHeads())[0]?.clock).toBe(190)
    await expect(store.commitBlock({ chainId: chainA, block: at('b', 3, 170), clock: -1 })).rejects.toThrow(
      /clock must be a non-negative safe integer/,
    )
    expect((await store.getTip({ chainId: chainA }))?.number).toBe(2)
  })
})
