import { describe, expect, test } from 'vitest'
import { BelowFinalityError } from '../errors.js'
import {
  addressOf,
  commitAll,
  hashOf,
  header,
  spotWrite,
  testDialects,
  useTempStores,
} from '../testing/fixtures.js'
import type { PriceWrite } from '../types.js'

const chainA = 31337
const chainB = 31338
const alice = addressOf('alice')
const bob = addressOf('bob')
const usdc = addressOf('usdc')
const feed = addressOf('eth-usd')

const spotId = { venue: 'erc20', wallet: alice, kind: 'spot' as const, key: usdc }
const price = (value: bigint): PriceWrite => ({
  feed,
  value,
  decimals: 8,
  updatedAt: Number(value),
  roundId: value,
})

const tempStore = useTempStores()

describe.each(testDialects)('rollbackTo() on %s', (dialect) => {
  test('after set → delete → set of one row inside the reorged range, restores exactly the pre-reorg row', async () => {
    const store = await tempStore(dialect)
    await commitAll(store, chainA, [
      [
        header('a', 1),
        { positions: { upserts: [spotWrite(100n)] }, prices: [price(1n)], cursors: ['blocks'] },
      ],
      [
        header('a', 2),
        { positions: { upserts: [spotWrite(200n)] }, prices: [price(2n)], cursors: ['blocks'] },
      ],
      [header('a', 3), { positions: { deletes: [spotId] }, cursors: ['blocks'] }],
      [
        header('a', 4),
        { positions: { upserts: [spotWrite(400n)] }, prices: [price(4n)], cursors: ['blocks'] },
      ],
      [header('a', 5), { positions: { deletes: [spotId] }, cursors: ['blocks'] }],
      [header('a', 6), { positions: { upserts: [spotWrite(600n)] }, cursors: ['blocks'] }],
    ])
    const result = await store.rollbackTo({ chainId: chainA, blockNumber: 1 })
    expect(result).toEqual({
      blocksRemoved: 5,
      versionsRemoved: 5,
      versionsRestored: 2,
      cursorsReset: 1,
      feedRoundsRemoved: 0,
      replacement: null,
    })

    const positions = await store.getPositions({ wallets: [alice] })
    expect(positions).toEqual([
      { chainId: chainA, ...spotId, amount: 100n, extra: {}, blockNumber: 1, engine: null },
    ])
    expect((await store.getLatestPrices())[0]?.value).toBe(1n)
    expect((await store.getChainHeads())[0]?.cursors).toEqual([
      { source: 'blocks', blockNumber: 1, blockHash: header('a', 1).hash },
    ])

    const reference = await tempStore(dialect)
    await commitAll(reference, chainA, [
      [
        header('a', 1),
        { positions: { upserts: [spotWrite(100n)] }, prices: [price(1n)], cursors: ['blocks'] },
      ],
    ])
    expect(await store.contentHash()).toBe(await reference.contentHash())
  })

  test('rolling back between a delete and a re-set leaves the row deleted (no phantom)', async () => {
    const store = await tempStore(dialect)
    await commitAll(store, chainA, [
      [header('a', 1), { positions: { upserts: [spotWrite(100n)] } }],
      [header('a', 2), { positions: { deletes: [spotId] } }],
      [header('a', 3), { positions: { upserts: [spotWrite(300n)] } }],
    ])
    await store.rollbackTo({ chainId: chainA, blockNumber: 2 })
    expect(await store.getPositions({ wallets: [alice] })).toEqual([])
    await store.commitBlock({
      chainId: chainA,
      block: header('b', 3, 'a'),
      positions: { upserts: [spotWrite(333n)] },
    })
    expect((await store.getPositions({ wallets: [alice] }))[0]?.amount).toBe(333n)
  })

  test('reorgs on two chains that share block hashes, back to back, do not touch each other', async () => {
    const store = await tempStore(dialect)
    // Both chains get identical headers (same hashes), like two local chains started from the same state.
    for (const chainId of [chainA, chainB])
      await commitAll(store, chainId, [
        [
          header('a', 1),
          { positions: { upserts: [spotWrite(BigInt(chainId))] }, prices: [price(1n)], cursors: ['blocks'] },
        ],
        [
          header('a', 2),
          {
            positions: { upserts: [spotWrite(BigInt(chainId) + 2n)] },
            prices: [price(2n)],
            cursors: ['blocks'],
          },
        ],
        [
          header('a', 3),
          {
            positions: { upserts: [spotWrite(BigInt(chainId) + 3n)] },
            prices: [price(3n)],
            cursors: ['blocks'],
          },
        ],
      ])
    await store.rollbackTo({ chainId: chainA, blockNumber: 1 })
    await store.commitBlock({
      chainId: chainA,
      block: header('b', 2, 'a'),
      positions: { upserts: [spotWrite(7n)] },
    })
    await store.rollbackTo({ chainId: chainB, blockNumber: 2 })
    await store.commitBlock({
      chainId: chainB,
      block: header('c', 3, 'a'),
      prices: [price(9n)],
      cursors: ['blocks'],
    })

    const reference = await tempStore(dialect)
    await commitAll(reference, chainA, [
      [
        header('a', 1),
        { positions: { upserts: [spotWrite(BigInt(chainA))] }, prices: [price(1n)], cursors: ['blocks'] },
      ],
      [header('b', 2, 'a'), { positions: { upserts: [spotWrite(7n)] } }],
    ])
    await commitAll(reference, chainB, [
      [
        header('a', 1),
        { positions: { upserts: [spotWrite(BigInt(chainB))] }, prices: [price(1n)], cursors: ['blocks'] },
      ],
      [
        header('a', 2),
        {
          positions: { upserts: [spotWrite(BigInt(chainB) + 2n)] },
          prices: [price(2n)],
          cursors: ['blocks'],
        },
      ],
      [header('c', 3, 'a'), { prices: [price(9n)], cursors: ['blocks'] }],
    ])
    expect(await store.dumpContent()).toEqual(await reference.dumpContent())
    expect((await store.getPositions({ wallets: [alice] })).map((p) => [p.chainId, p.amount])).toEqual([
      [chainA, 7n],
      [chainB, BigInt(chainB) + 2n],
    ])
  })

  test('back-to-back reorgs on one chain, the second deeper than the first, match the canonical run', async () => {
    const store = await tempStore(dialect)
    const canonical = async (target: typeof store) =>
      commitAll(target, chainA, [
        [
          header('a', 1),
          { positions: { upserts: [spotWrite(1n), spotWrite(1n, bob)] }, cursors: ['blocks'] },
        ],
        [header('c', 2, 'a'), { positions: { upserts: [spotWrite(22n)] }, cursors: ['blocks'] }],
        [header('c', 3), { positions: { deletes: [{ ...spotId, wallet: bob }] }, cursors: ['blocks'] }],
      ])
    await commitAll(store, chainA, [
      [header('a', 1), { positions: { upserts: [spotWrite(1n), spotWrite(1n, bob)] }, cursors: ['blocks'] }],
      [header('a', 2), { positions: { upserts: [spotWrite(2n)] }, cursors: ['blocks'] }],
      [header('a', 3), { positions: { deletes: [spotId] }, cursors: ['blocks'] }],
      [header('a', 4), { positions: { upserts: [spotWrite(4n)] }, cursors: ['blocks'] }],
    ])
    await store.rollbackTo({ chainId: chainA, blockNumber: 3 })
    await commitAll(store, chainA, [
      [header('b', 4, 'a'), { positions: { upserts: [spotWrite(44n, bob)] }, cursors: ['blocks'] }],
    ])
    await store.rollbackTo({ chainId: chainA, blockNumber: 1 })
    await store.rollbackTo({ chainId: chainA, blockNumber: 1 }) // idempotent
    await commitAll(store, chainA, [
      [header('c', 2, 'a'), { positions: { upserts: [spotWrite(22n)] }, cursors: ['blocks'] }],
      [header('c', 3), { positions: { deletes: [{ ...spotId, wallet: bob }] }, cursors: ['blocks'] }],
    ])
    const reference = await tempStore(dialect)
    await canonical(reference)
    expect(await store.dumpContent()).toEqual(await reference.dumpContent())
    expect(await store.contentHash()).toBe(await reference.contentHash())
  })

  test('refuses to roll back below the finalized block', async () => {
    const store = await tempStore(dialect)
    await commitAll(store, chainA, [
      [header('a', 1), {}],
      [header('a', 2), {}],
      [header('a', 3), {}],
    ])
    await store.markFinalized({ chainId: chainA, blockNumber: 2 })
    await expect(store.rollbackTo({ chainId: chainA, blockNumber: 1 })).rejects.toThrow(BelowFinalityError)
    await expect(store.rollbackTo({ chainId: chainA, blockNumber: 2 })).resolves.toMatchObject({
      blocksRemoved: 1,
    })
  })

  test('a rollback below every stored block empties the chain and resets its cursors to no hash', async () => {
    const store = await tempStore(dialect)
    await commitAll(store, chainA, [
      [header('a', 5), { positions: { upserts: [spotWrite(5n)] }, cursors: ['blocks'] }],
    ])
    await store.rollbackTo({ chainId: chainA, blockNumber: 4 })
    expect(await store.getTip({ chainId: chainA })).toBeNull()
    expect(await store.getPositions({ wallets: [alice] })).toEqual([])
    expect((await store.getChainHeads())[0]?.cursors).toEqual([
      { source: 'blocks', blockNumber: 4, blockHash: null },
    ])
    expect(hashOf('x')).toMatch(/^0x[0-9a-f]{64}$/)
  })
})
