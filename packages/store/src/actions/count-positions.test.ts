import { afterEach, describe, expect, test } from 'vitest'
import { addressOf, createTempStore, header, type TempStore, testDialects } from '../testing/fixtures.js'

const alice = addressOf('alice')
const bob = addressOf('bob')
const carol = addressOf('carol')

let temp: TempStore | undefined
afterEach(async () => {
  await temp?.dispose()
  temp = undefined
})

describe.each(testDialects)('countPositions() on %s', (dialect) => {
  test('counts current positions per wallet on every chain: new versions and closed positions not double-counted', async () => {
    temp = await createTempStore('store', dialect)
    const { store } = temp
    const spot = (wallet: `0x${string}`, key: string, amount: bigint) =>
      ({ venue: 'wallet', wallet, kind: 'spot', key, amount }) as const
    await store.commitBlock({
      chainId: 31337,
      block: header('a', 1),
      positions: { upserts: [spot(alice, '0xa1', 1n), spot(alice, '0xa2', 2n), spot(bob, '0xa1', 3n)] },
    })
    await store.commitBlock({
      chainId: 31338,
      block: header('b', 1),
      positions: { upserts: [spot(alice, '0xa1', 4n)] },
    })
    // A new version of one of alice's positions, one of bob's closed.
    await store.commitBlock({
      chainId: 31337,
      block: header('a', 2),
      positions: {
        upserts: [spot(alice, '0xa2', 5n)],
        deletes: [{ venue: 'wallet', wallet: bob, kind: 'spot', key: '0xa1' }],
      },
    })
    const counts = await store.countPositions({
      wallets: [alice, bob, carol, `0x${alice.slice(2).toUpperCase()}` as const],
    })
    expect(counts).toEqual([{ wallet: alice, count: 3 }])
  })
})
