import { afterEach, describe, expect, test } from 'vitest'
import { addressOf, createTempStore, header, type TempStore, testDialects } from '../testing/fixtures.js'

const alice = addressOf('alice')
const dead = addressOf('dead')
const token = addressOf('token')
const spot = (wallet: `0x${string}`, amount: bigint) => ({
  venue: 'wallet',
  wallet,
  kind: 'spot' as const,
  key: token,
  amount,
})

let temp: TempStore | undefined
afterEach(async () => {
  await temp?.dispose()
  temp = undefined
})

describe.each(testDialects)('commitTipReads() on %s', (dialect) => {
  test('adds a wallet read at the tip as versions from the tip block, undone by a rollback below it', async () => {
    temp = await createTempStore('store', dialect)
    const { store } = temp
    await store.commitBlock({ chainId: 31337, block: header('a', 1) })
    await store.commitBlock({ chainId: 31337, block: header('a', 2) })
    const result = await store.commitTipReads({
      chainId: 31337,
      blockHash: header('a', 2).hash,
      wallets: [dead],
      positions: { upserts: [spot(dead, 5n)] },
    })
    expect(result).toEqual({ committed: true, blockNumber: 2, skipped: [], positionsWritten: 1 })
    const atTip = await store.getPositions({ wallets: [dead], at: [{ chainId: 31337, blockNumber: 2 }] })
    expect(atTip.map((p) => [p.amount, p.blockNumber])).toEqual([[5n, 2]])
    expect(await store.getPositions({ wallets: [dead], at: [{ chainId: 31337, blockNumber: 1 }] })).toEqual(
      [],
    )
    await store.rollbackTo({ chainId: 31337, blockNumber: 1 })
    expect(await store.getPositions({ wallets: [dead] })).toEqual([])
  })

  test('writes nothing once the tip moved on', async () => {
    temp = await createTempStore('store', dialect)
    const { store } = temp
    await store.commitBlock({ chainId: 31337, block: header('a', 1) })
    await store.commitBlock({ chainId: 31337, block: header('a', 2) })
    const result = await store.commitTipReads({
      chainId: 31337,
      blockHash: header('a', 1).hash,
      wallets: [dead],
      positions: { upserts: [spot(dead, 5n)] },
    })
    expect(result.committed).toBe(false)
    expect(await store.getPositions({ wallets: [dead] })).toEqual([])
  })

  test('leaves a wallet the tip block already wrote; closes a gone position of a re-tracked wallet', async () => {
    temp = await createTempStore('store', dialect)
    const { store } = temp
    await store.commitBlock({
      chainId: 31337,
      block: header('a', 1),
      positions: { upserts: [spot(dead, 3n)] },
    })
    await store.commitBlock({
      chainId: 31337,
      block: header('a', 2),
      positions: { upserts: [spot(alice, 7n)] },
    })
    const result = await store.commitTipReads({
      chainId: 31337,
      blockHash: header('a', 2).hash,
      wallets: [alice, dead],
      positions: {
        upserts: [spot(alice, 9n)],
        deletes: [{ venue: 'wallet', wallet: dead, kind: 'spot', key: token }],
      },
    })
    expect(result).toMatchObject({ committed: true, skipped: [alice], positionsWritten: 0 })
    const rows = await store.getPositions({ wallets: [alice, dead] })
    expect(rows.map((p) => [p.wallet, p.amount])).toEqual([[alice, 7n]])
  })
})
