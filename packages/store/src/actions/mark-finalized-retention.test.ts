import { afterEach, describe, expect, test } from 'vitest'
import { BelowFinalityError, OutsideRetainedHistoryError, StoreError } from '../errors.js'
import {
  addressOf,
  commitAll,
  createTempStore,
  header,
  type TempStore,
  testDialects,
} from '../testing/fixtures.js'

const chainId = 31337
const alice = addressOf('alice')
const usdc = addressOf('usdc')
const feed = addressOf('feed')
const spot = (amount: bigint) => ({ venue: 'erc20', wallet: alice, kind: 'spot' as const, key: usdc, amount })
const price = (value: bigint) => ({ feed, value, decimals: 8, updatedAt: 1, roundId: value })
/** The fixture's blocks are 12 s apart. */
const blocksOf = (n: number) => n * 12

let temp: TempStore | undefined
afterEach(async () => {
  await temp?.dispose()
  temp = undefined
})

describe.each(testDialects)('markFinalized({ retainSeconds }) on %s', (dialect) => {
  test('keeps superseded versions inside the window past finality, answers reads there, and prunes them once older', async () => {
    temp = await createTempStore('store', dialect)
    const { store } = temp
    // Changes at 1, 2, 5 (positions), 7 (a price) and 10; nothing at 3, 4, 6, 8, 9.
    await commitAll(store, chainId, [
      [header('a', 1), { positions: { upserts: [spot(1n)] }, prices: [price(1n)] }],
      [header('a', 2), { positions: { upserts: [spot(2n)] } }],
      [header('a', 3), {}],
      [header('a', 4), {}],
      [header('a', 5), { positions: { upserts: [spot(5n)] } }],
      [header('a', 6), {}],
      [header('a', 7), { prices: [price(7n)] }],
      [header('a', 8), {}],
      [header('a', 9), {}],
      [header('a', 10), { positions: { upserts: [spot(10n)] } }],
    ])
    const amountAt = async (blockNumber: number) =>
      (await store.getPositions({ wallets: [alice], at: [{ chainId, blockNumber }] }))[0]?.amount
    const blockNumbers = async () => (await store.getBlocks({ chainId, order: 'asc' })).map((b) => b.number)

    // Finalized at 9, five blocks of history: the window starts at block 4's time.
    const first = await store.markFinalized({ chainId, blockNumber: 9, retainSeconds: blocksOf(5) })
    expect(first.finalized?.number).toBe(9)
    expect(first.retainedFrom).toEqual({ ...header('a', 4), chainId, finalized: true })
    // Pruned: the version superseded at 2 (validTo ≤ 4), blocks 1–3, and blocks 6 and 8 where nothing changed.
    expect(first).toMatchObject({ versionsPruned: 1, blocksPruned: 5 })
    expect(await blockNumbers()).toEqual([4, 5, 7, 9, 10])
    // Below the finalized block, inside the window: answered from the retained versions.
    expect(await amountAt(4)).toBe(2n)
    expect(await amountAt(6)).toBe(5n)
    expect((await store.getLatestPrices({ at: [{ chainId, blockNumber: 6 }] })).map((p) => p.value)).toEqual([
      1n,
    ])
    expect((await store.getLatestPrices({ at: [{ chainId, blockNumber: 8 }] })).map((p) => p.value)).toEqual([
      7n,
    ])
    const outside = store.getPositions({ wallets: [alice], at: [{ chainId, blockNumber: 3 }] })
    await expect(outside).rejects.toThrow(OutsideRetainedHistoryError)
    await expect(outside).rejects.toThrow('outside the retained history (it starts at block 4)')
    // A reorg still cannot go below finality.
    await expect(store.rollbackTo({ chainId, blockNumber: 8 })).rejects.toThrow(BelowFinalityError)

    // One block later the window moves to block 5: what only block 4 needed is pruned, and block 9
    // (the old floor, nothing changed there) is thinned.
    const second = await store.markFinalized({ chainId, blockNumber: 10, retainSeconds: blocksOf(5) })
    expect(second.retainedFrom?.number).toBe(5)
    expect(second).toMatchObject({ versionsPruned: 1, blocksPruned: 2 })
    expect(await blockNumbers()).toEqual([5, 7, 10])
    await expect(amountAt(4)).rejects.toThrow(OutsideRetainedHistoryError)
    expect(await amountAt(9)).toBe(5n)
    expect(await amountAt(10)).toBe(10n)
  })

  test('a window older than every stored block prunes nothing and keeps the oldest block as the start', async () => {
    temp = await createTempStore('store', dialect)
    const { store } = temp
    await commitAll(store, chainId, [
      [header('a', 1), { positions: { upserts: [spot(1n)] } }],
      [header('a', 2), { positions: { upserts: [spot(2n)] } }],
      [header('a', 3), {}],
    ])
    const result = await store.markFinalized({ chainId, blockNumber: 3, retainSeconds: 86_400 })
    expect(result.retainedFrom?.number).toBe(1)
    expect(result).toMatchObject({ versionsPruned: 0, blocksPruned: 0 })
    expect(await amountAt(store, 1)).toBe(1n)
    await expect(store.markFinalized({ chainId, blockNumber: 3, retainSeconds: -1 })).rejects.toThrow(
      StoreError,
    )
  })
})

async function amountAt(store: TempStore['store'], blockNumber: number) {
  return (await store.getPositions({ wallets: [alice], at: [{ chainId, blockNumber }] }))[0]?.amount
}
