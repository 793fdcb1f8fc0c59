import Database from 'better-sqlite3'
import { afterEach, describe, expect, test } from 'vitest'
import { createStore } from '../create-store.js'
import {
  addressOf,
  createTempStore,
  header,
  spotWrite,
  type TempStore,
  testDialects,
} from '../testing/fixtures.js'
import { createReadCache, readCacheKey } from './read-cache.js'

const alice = addressOf('alice')

let temp: TempStore | undefined
afterEach(async () => {
  await temp?.dispose()
  temp = undefined
})

describe('createReadCache()', () => {
  test('keeps an answer until the counter or an own change moves, then reads again', async () => {
    let counter = 1
    const cache = createReadCache({ changeCounter: () => counter, maxRows: 100 })
    let reads = 0
    const read = () => cache.read('k', async () => [++reads])
    expect(await read()).toEqual([1])
    expect(await read()).toEqual([1])
    counter++ // another connection committed
    expect(await read()).toEqual([2])
    cache.change() // this store wrote
    expect(await read()).toEqual([3])
    expect(await read()).toEqual([3])
    expect(reads).toBe(3)
  })

  test('does not keep an answer read while another connection committed', async () => {
    let counter = 1
    const cache = createReadCache({ changeCounter: () => counter, maxRows: 100 })
    let reads = 0
    const read = () =>
      cache.read('k', async () => {
        reads++
        if (reads === 1) counter++ // a commit lands between the version check and the statements
        return [reads]
      })
    expect(await read()).toEqual([1])
    expect(await read()).toEqual([2])
    expect(await read()).toEqual([2])
  })

  test('keeps at most maxRows rows, dropping the oldest answers first; never an answer larger than that', async () => {
    const cache = createReadCache({ changeCounter: () => 1, maxRows: 10 })
    const reads: string[] = []
    const read = (key: string, rows: number) =>
      cache.read(key, async () => {
        reads.push(key)
        return Array.from({ length: rows }, (_, i) => i)
      })
    await read('a', 4) // 5 rows with the list itself
    await read('b', 4) // 10
    await read('c', 4) // 15 > 10: 'a' goes
    await read('b', 4)
    await read('a', 4)
    await read('big', 20) // never kept
    await read('big', 20)
    expect(reads).toEqual(['a', 'b', 'c', 'a', 'big', 'big'])
  })

  test('freezes what it keeps, deeply: a caller cannot change another caller’s answer', async () => {
    const cache = createReadCache({ changeCounter: () => 1, maxRows: 100 })
    const answer = await cache.read('k', async () => [{ amount: 1n, nested: { list: [1] } }])
    expect(() => {
      ;(answer as { amount: bigint }[])[0]!.amount = 2n
    }).toThrow(TypeError)
    expect(() => (answer[0]!.nested.list as number[]).push(2)).toThrow(TypeError)
    expect(await cache.read('k', async () => [])).toBe(answer)
  })

  test('keys parameters as JSON, bigints included', () => {
    expect(readCacheKey({ chainIds: [1, 10], at: [{ chainId: 1, blockNumber: 5n }] })).toBe(
      '{"chainIds":[1,10],"at":[{"chainId":1,"blockNumber":"5n"}]}',
    )
    expect(readCacheKey(undefined)).toBe('null')
  })
})

describe.each(testDialects)('request reads on %s', (dialect) => {
  test("see every commit at once: this store's own and another store object's", async () => {
    temp = await createTempStore('store', dialect)
    const { store } = temp
    const other = await temp.openAnother()
    const amounts = async () =>
      (await store.getPositions({ wallets: [alice] })).map((position) => position.amount)
    await store.commitBlock({
      chainId: 31337,
      block: header('a', 1),
      positions: { upserts: [spotWrite(5n)] },
    })
    expect(await amounts()).toEqual([5n])
    expect(await amounts()).toEqual([5n])
    await store.commitBlock({
      chainId: 31337,
      block: header('a', 2),
      positions: { upserts: [spotWrite(6n)] },
    })
    expect(await amounts()).toEqual([6n])
    await other.commitBlock({
      chainId: 31337,
      block: header('a', 3),
      positions: { upserts: [spotWrite(7n)] },
    })
    expect(await amounts()).toEqual([7n])
    const heads = await store.getChainHeads({ chainIds: [31337] })
    await other.rollbackTo({ chainId: 31337, blockNumber: 2 })
    expect(await amounts()).toEqual([6n])
    expect((await store.getChainHeads({ chainIds: [31337] }))[0]?.tip?.number).toBe(2)
    expect(heads[0]?.tip?.number).toBe(3)
    await other.close()
  })
})

describe('request reads on sqlite', () => {
  test("an answer is read once between two changes, shared and frozen; another connection's write is seen; readCacheRows: 0 keeps none", async () => {
    temp = await createTempStore('store', 'sqlite')
    await temp.store.commitBlock({
      chainId: 31337,
      block: header('a', 1),
      positions: { upserts: [spotWrite(5n)] },
    })
    let first = await temp.store.getPositions({ wallets: [alice] })
    expect(await temp.store.getPositions({ wallets: [alice] })).toBe(first)
    // The work estimate's count is a request read too (one per GraphQL request).
    const counted = await temp.store.countPositions({ wallets: [alice] })
    expect(counted).toEqual([{ wallet: alice, count: 1 }])
    expect(await temp.store.countPositions({ wallets: [alice] })).toBe(counted)
    expect(Object.isFrozen(counted[0])).toBe(true)
    // Reads that are not kept leave the kept ones be; a write of this store drops them.
    await temp.store.getChains()
    await temp.store.getTip({ chainId: 31337 })
    expect(await temp.store.getPositions({ wallets: [alice] })).toBe(first)
    await temp.store.trackWallets({ wallets: [{ address: addressOf('bob'), source: 'api' }] })
    expect(await temp.store.getPositions({ wallets: [alice] })).not.toBe(first)
    first = await temp.store.getPositions({ wallets: [alice] })
    expect(Object.isFrozen(first[0])).toBe(true)
    // A write by another connection, not a store (data_version moves as for another process's commit).
    const name = async () => (await temp!.store.getChainHeads({ chainIds: [31337] }))[0]?.chain.name
    expect(await name()).toBe('local-a')
    const raw = new Database(temp.path)
    raw.prepare("update chains set name = 'renamed' where chain_id = 31337").run()
    raw.close()
    expect(await name()).toBe('renamed')
    const off = createStore({ path: temp.path, readCacheRows: 0 })
    const a = await off.getPositions({ wallets: [alice] })
    expect(await off.getPositions({ wallets: [alice] })).not.toBe(a)
    expect(a).toEqual(first)
    await off.close()
  })
})
