import { afterEach, describe, expect, test } from 'vitest'
import { BelowFinalityError, OutsideRetainedHistoryError } from '../errors.js'
import {
  addressOf,
  commitAll,
  createTempStore,
  header,
  type TempStore,
  testDialects,
} from '../testing/fixtures.js'
import type { Hash } from '../types.js'

const chainId = 31337
const alice = addressOf('alice')
const usdc = addressOf('usdc')
const spot = (amount: bigint) => ({ venue: 'erc20', wallet: alice, kind: 'spot' as const, key: usdc, amount })

let temp: TempStore | undefined
afterEach(async () => {
  await temp?.dispose()
  temp = undefined
})

describe.each(testDialects)('markFinalized() on %s', (dialect) => {
  test('prunes superseded versions and blocks below the floor, keeping current rows and the floor block', async () => {
    temp = await createTempStore('store', dialect)
    const { store } = temp
    await commitAll(store, chainId, [
      [header('a', 1), { positions: { upserts: [spot(1n)] } }],
      [header('a', 2), { positions: { upserts: [spot(2n)] } }],
      [header('a', 3), { positions: { upserts: [spot(3n)] } }],
      [header('a', 5), { positions: { upserts: [spot(5n)] } }],
    ])
    // 4 is not stored (a gap): the floor is the highest stored block at or below it.
    const result = await store.markFinalized({ chainId, blockNumber: 4 })
    expect(result).toEqual({
      finalized: { ...header('a', 3), chainId, finalized: true },
      retainedFrom: { ...header('a', 3), chainId, finalized: true },
      versionsPruned: 2,
      blocksPruned: 2,
    })
    const { positions, blocks } = await store.dumpContent({ tables: ['positions', 'blocks'] })
    expect(positions?.map((row) => [row[5], row.at(-2), row.at(-1)])).toEqual([
      ['3', 3, 5],
      ['5', 5, null],
    ])
    expect(blocks?.map((row) => [row[1], row[5]])).toEqual([
      [3, true],
      [5, false],
    ])
    const [head] = await store.getChainHeads()
    expect(head?.finalized?.number).toBe(3)
    expect(head?.tip?.number).toBe(5)
    // The version superseded above the floor is still there for a rollback to the floor.
    await store.rollbackTo({ chainId, blockNumber: 3 })
    expect((await store.getPositions({ wallets: [alice] }))[0]?.amount).toBe(3n)
    expect(await store.markFinalized({ chainId: 31338, blockNumber: 10 })).toEqual({
      finalized: null,
      retainedFrom: null,
      versionsPruned: 0,
      blocksPruned: 0,
    })
  })
})

describe.each(testDialects)('findCommonAncestor() on %s', (dialect) => {
  test('walks back to the highest stored block the canonical chain still has', async () => {
    temp = await createTempStore('store', dialect)
    const { store } = temp
    await commitAll(
      store,
      chainId,
      [1, 2, 3, 4, 5, 6].map((n) => [header('a', n), {}] as const),
    )
    const canonical = new Map<number, Hash>([
      [1, header('a', 1).hash],
      [2, header('a', 2).hash],
      [3, header('b', 3, 'a').hash],
      [4, header('b', 4).hash],
    ])
    const asked: number[] = []
    const ancestor = await store.findCommonAncestor({
      chainId,
      pageSize: 2,
      getCanonicalHash: async (n) => {
        asked.push(n)
        return canonical.get(n) ?? null
      },
    })
    expect(ancestor).toEqual({ ...header('a', 2), chainId, finalized: false })
    expect(asked).toEqual([6, 5, 4, 3, 2])
  })

  test('throws BelowFinalityError when the finalized block is not canonical, and null when nothing matches', async () => {
    temp = await createTempStore('store', dialect)
    const { store } = temp
    await commitAll(
      store,
      chainId,
      [1, 2, 3].map((n) => [header('a', n), {}] as const),
    )
    const none = async () => null
    expect(await store.findCommonAncestor({ chainId, getCanonicalHash: none })).toBeNull()
    await store.markFinalized({ chainId, blockNumber: 2 })
    await expect(store.findCommonAncestor({ chainId, getCanonicalHash: none })).rejects.toThrow(
      BelowFinalityError,
    )
    expect(await store.findCommonAncestor({ chainId: 31338, getCanonicalHash: none })).toBeNull()
  })
})

describe.each(testDialects)('getPositions({ at }) and getLatestPrices({ at }) on %s', (dialect) => {
  test('read the versions valid at a pinned block, while unpinned chains read latest', async () => {
    temp = await createTempStore('store', dialect)
    const { store } = temp
    const feed = addressOf('feed')
    const price = (value: bigint) => ({ feed, value, decimals: 8, updatedAt: 1, roundId: value })
    await commitAll(store, chainId, [
      [header('a', 1), { positions: { upserts: [spot(1n)] }, prices: [price(1n)] }],
      [
        header('a', 2),
        { positions: { deletes: [{ venue: 'erc20', wallet: alice, kind: 'spot', key: usdc }] } },
      ],
      [header('a', 3), { positions: { upserts: [spot(3n)] }, prices: [price(3n)] }],
    ])
    await commitAll(store, 31338, [[header('a', 1), { positions: { upserts: [spot(9n)] } }]])
    const amounts = async (blockNumber: number) =>
      (await store.getPositions({ wallets: [alice], at: [{ chainId, blockNumber }] })).map((p) => [
        p.chainId,
        p.amount,
      ])
    expect(await amounts(1)).toEqual([
      [chainId, 1n],
      [31338, 9n],
    ])
    expect(await amounts(2)).toEqual([[31338, 9n]])
    expect(await amounts(3)).toEqual([
      [chainId, 3n],
      [31338, 9n],
    ])
    expect((await store.getLatestPrices({ at: [{ chainId, blockNumber: 2 }] })).map((p) => p.value)).toEqual([
      1n,
    ])
    await store.markFinalized({ chainId, blockNumber: 2 })
    await expect(store.getPositions({ wallets: [alice], at: [{ chainId, blockNumber: 1 }] })).rejects.toThrow(
      OutsideRetainedHistoryError,
    )
    expect(await amounts(2)).toEqual([[31338, 9n]])
  })
})

describe.each(testDialects)('getBlocks() on %s', (dialect) => {
  test('returns stored blocks by number or range, in the requested order', async () => {
    temp = await createTempStore('store', dialect)
    const { store } = temp
    await commitAll(
      store,
      chainId,
      [1, 2, 3, 4].map((n) => [header('a', n), {}] as const),
    )
    expect((await store.getBlocks({ chainId, numbers: [4, 2, 9] })).map((b) => b.number)).toEqual([4, 2])
    expect((await store.getBlocks({ chainId, fromNumber: 2, order: 'asc' })).map((b) => b.number)).toEqual([
      2, 3, 4,
    ])
    expect((await store.getBlocks({ chainId, toNumber: 3, limit: 2 })).map((b) => b.number)).toEqual([3, 2])
  })
})
