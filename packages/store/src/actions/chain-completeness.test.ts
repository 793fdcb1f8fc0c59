import { describe, expect, test } from 'vitest'
import { ParentHashMismatchError, PinnedBlockGoneError } from '../errors.js'
import {
  addressOf,
  commitAll,
  header,
  recordClock,
  spotWrite,
  type TempStore,
  testDialects,
  useTempStores,
} from '../testing/fixtures.js'

const chainA = 31337
const chainB = 31338
const alice = addressOf('alice')

const tempStore = useTempStores()
type TempHead = Awaited<ReturnType<TempStore['store']['getChainHeads']>>[number]
const headOf = async (store: TempStore['store'], chainId: number) =>
  (await store.getChainHeads({ chainIds: [chainId] }))[0]!

/** Blocks 1..4 of fork 'a' as an indexer's first sync writes them: discovery blocks, then a full snapshot at 4. */
const firstSync = async (store: TempStore['store']) =>
  commitAll(store, chainA, [
    [header('a', 1), { cursors: ['discovery'] }],
    [header('a', 3), { cursors: ['discovery'] }],
    [header('a', 4), { positions: { upserts: [spotWrite(100n)] }, cursors: ['head'], complete: true }],
  ])

describe.each(testDialects)('chain completeness on %s', (dialect) => {
  test('a chain is incomplete (first-sync) until a complete commit, then complete from that block', async () => {
    const store = await tempStore(dialect)
    await commitAll(store, chainA, [[header('a', 1), { cursors: ['discovery'] }]])
    expect(await headOf(store, chainA)).toMatchObject({ completeFrom: null, incomplete: 'first-sync' })
    await commitAll(store, chainA, [
      [header('a', 2), { positions: { upserts: [spotWrite(1n)] }, complete: true }],
    ])
    await commitAll(store, chainA, [[header('a', 3), { positions: { upserts: [spotWrite(2n)] } }]])
    expect(await headOf(store, chainA)).toMatchObject({ completeFrom: 2, incomplete: null })
    // Other chains are not affected.
    expect(await headOf(store, chainB)).toMatchObject({ completeFrom: null, incomplete: 'first-sync' })
  })

  test('a rollback below the first snapshot without a replacement marks the chain rolled-back (positions gone)', async () => {
    const store = await tempStore(dialect)
    await firstSync(store)
    await store.rollbackTo({ chainId: chainA, blockNumber: 3 })
    expect(await store.getPositions({ wallets: [alice] })).toEqual([])
    expect(await headOf(store, chainA)).toMatchObject({ completeFrom: null, incomplete: 'rolled-back' })
    // The next full read makes it complete again.
    await commitAll(store, chainA, [
      [header('b', 4, 'a'), { positions: { upserts: [spotWrite(90n)] }, complete: true }],
    ])
    expect(await headOf(store, chainA)).toMatchObject({ completeFrom: 4, incomplete: null })
  })

  test('a rollback with a complete replacement goes from the old fork to the new one in one transaction', async () => {
    const store = await tempStore(dialect)
    await firstSync(store)
    const result = await store.rollbackTo({
      chainId: chainA,
      blockNumber: 3,
      replacement: {
        block: header('b', 4, 'a'),
        positions: { upserts: [spotWrite(90n)] },
        cursors: ['head'],
        complete: true,
      },
    })
    expect(result).toMatchObject({
      blocksRemoved: 1,
      versionsRemoved: 1,
      replacement: { positionsWritten: 1 },
    })
    // The rollback cleared the chain's clock; its indexer's next step records one again.
    await recordClock(store, chainA)
    const head = await headOf(store, chainA)
    expect(head).toMatchObject({ completeFrom: 4, incomplete: null, tip: { hash: header('b', 4, 'a').hash } })
    expect((await store.getPositions({ wallets: [alice] })).map((p) => p.amount)).toEqual([90n])
  })

  test('a replacement that does not extend the ancestor undoes the whole rollback', async () => {
    const store = await tempStore(dialect)
    await firstSync(store)
    const before = await store.contentHash()
    await expect(
      store.rollbackTo({
        chainId: chainA,
        blockNumber: 3,
        replacement: { block: header('c', 4, 'x'), positions: { upserts: [spotWrite(1n)] }, complete: true },
      }),
    ).rejects.toBeInstanceOf(ParentHashMismatchError)
    expect(await store.contentHash()).toBe(before)
    expect(await headOf(store, chainA)).toMatchObject({ completeFrom: 4, incomplete: null })
  })

  test('resetChain forgets one chain (blocks, cursors, versions) and marks it reindexing; wallets and other chains stay', async () => {
    const store = await tempStore(dialect)
    await store.trackWallets({ wallets: [{ address: alice, source: 'config' }] })
    await firstSync(store)
    await commitAll(store, chainB, [
      [header('z', 1), { positions: { upserts: [spotWrite(7n)] }, cursors: ['head'], complete: true }],
    ])
    expect(await store.resetChain({ chainId: chainA })).toEqual({
      blocksRemoved: 3,
      versionsRemoved: 1,
      cursorsRemoved: 2,
    })
    const a = await headOf(store, chainA)
    expect(a).toMatchObject({ tip: null, cursors: [], completeFrom: null, incomplete: 'reindexing' })
    expect(await store.getPositions({ wallets: [alice] })).toMatchObject([{ chainId: chainB, amount: 7n }])
    expect((await store.getTrackedWallets()).map((w) => w.address)).toEqual([alice])
    // Discovery blocks of the re-index keep it reindexing; its full snapshot ends that.
    await commitAll(store, chainA, [[header('n', 2), { cursors: ['discovery'] }]])
    expect(await headOf(store, chainA)).toMatchObject({ incomplete: 'reindexing' })
    await commitAll(store, chainA, [
      [header('n', 3), { positions: { upserts: [spotWrite(5n)] }, complete: true }],
    ])
    expect(await headOf(store, chainA)).toMatchObject({ completeFrom: 3, incomplete: null })
  })

  test('a read pinned by hash to a block a rollback or reset removed fails with PinnedBlockGoneError, never reads the other fork or nothing', async () => {
    const store = await tempStore(dialect)
    await firstSync(store)
    const pin = [{ chainId: chainA, blockNumber: 4, blockHash: header('a', 4).hash }]
    expect((await store.getPositions({ wallets: [alice], at: pin })).map((p) => p.amount)).toEqual([100n])
    await store.rollbackTo({
      chainId: chainA,
      blockNumber: 3,
      replacement: { block: header('b', 4, 'a'), positions: { upserts: [spotWrite(90n)] }, complete: true },
    })
    await expect(store.getPositions({ wallets: [alice], at: pin })).rejects.toBeInstanceOf(
      PinnedBlockGoneError,
    )
    await expect(store.getLatestPrices({ at: pin })).rejects.toMatchObject({
      chainId: chainA,
      retryable: true,
    })
    await store.resetChain({ chainId: chainA })
    const newPin = [{ chainId: chainA, blockNumber: 4, blockHash: header('b', 4, 'a').hash }]
    await expect(store.getPositions({ wallets: [alice], at: newPin })).rejects.toBeInstanceOf(
      PinnedBlockGoneError,
    )
  })

  test('heads and pinned reads of several chains (each read in a few statements for all chains) answer per chain: the gone pin named is the first in order', async () => {
    const store = await tempStore(dialect)
    await firstSync(store)
    await commitAll(store, chainB, [
      [header('x', 1), { positions: { upserts: [spotWrite(7n)] }, cursors: ['head'], complete: true }],
      [header('x', 2), { cursors: ['head'] }],
    ])
    // Each chain's own figures (not the cut, which spans the chains read together) as read alone.
    const own = ({ chain, tip, finalized, clock, completeFrom, cursors }: TempHead) => ({
      chain,
      tip,
      finalized,
      clock,
      completeFrom,
      cursors,
    })
    const heads = await store.getChainHeads({ chainIds: [chainA, chainB] })
    expect(heads.map(own)).toEqual([own(await headOf(store, chainA)), own(await headOf(store, chainB))])
    expect(heads.map((h) => [h.chain.chainId, h.tip?.number, h.completeFrom])).toEqual([
      [chainA, 4, 4],
      [chainB, 2, 1],
    ])
    const pins = [
      { chainId: chainA, blockNumber: 4, blockHash: header('a', 4).hash },
      { chainId: chainB, blockNumber: 1, blockHash: header('x', 1).hash },
    ]
    const amounts = async () =>
      (await store.getPositions({ wallets: [alice], at: pins })).map((p) => p.amount)
    expect(await amounts()).toEqual([100n, 7n])
    await store.rollbackTo({
      chainId: chainB,
      blockNumber: 0,
      replacement: { block: header('y', 1, 'x'), positions: { upserts: [spotWrite(8n)] }, complete: true },
    })
    await expect(amounts()).rejects.toMatchObject({ name: 'PinnedBlockGoneError', chainId: chainB })
    await store.rollbackTo({
      chainId: chainA,
      blockNumber: 3,
      replacement: { block: header('b', 4, 'a'), positions: { upserts: [spotWrite(90n)] }, complete: true },
    })
    await expect(amounts()).rejects.toMatchObject({ name: 'PinnedBlockGoneError', chainId: chainA })
  })
})
