import { afterEach, describe, expect, test } from 'vitest'
import {
  BlockNotAfterTipError,
  DuplicateKeyError,
  IntegerCodecError,
  ParentHashMismatchError,
  UnknownChainError,
} from '../errors.js'
import { addressOf, createTempStore, header, type TempStore, testDialects } from '../testing/fixtures.js'
import type { PositionWrite } from '../types.js'

const chainId = 31337
const alice = addressOf('alice')
const bob = addressOf('bob')
const usdc = addressOf('usdc')
const feed = addressOf('eth-usd')

let temp: TempStore | undefined
afterEach(async () => {
  await temp?.dispose()
  temp = undefined
})

describe.each(testDialects)('commitBlock() on %s', (dialect) => {
  test('writes positions, prices and cursors that the reads return', async () => {
    temp = await createTempStore('store', dialect)
    const { store } = temp
    const checksummed = `0x${alice.slice(2).toUpperCase()}` as const
    await store.commitBlock({
      chainId,
      block: header('a', 10),
      positions: {
        upserts: [
          {
            venue: 'erc20',
            wallet: checksummed,
            kind: 'spot',
            key: `0x${usdc.slice(2).toUpperCase()}`,
            amount: 5_000_000n,
          },
          {
            venue: 'aave-v3',
            wallet: alice,
            kind: 'supply',
            key: usdc,
            amount: 7n,
            extra: { scaledBalance: '6', collateral: 'true' },
          },
          {
            venue: 'perp',
            wallet: bob,
            kind: 'perp',
            key: 'ETH-PERP',
            amount: -3n * 10n ** 18n,
            extra: { entryPrice: '2000' },
          },
        ],
      },
      prices: [
        { feed, asset: usdc, value: 2000_00000000n, decimals: 8, updatedAt: 1_700_000_100, roundId: 7n },
      ],
      cursors: ['blocks', 'erc20'],
    })

    expect(await store.getPositions({ wallets: [alice, bob] })).toEqual(
      [
        {
          chainId,
          venue: 'perp',
          wallet: bob,
          kind: 'perp',
          key: 'ETH-PERP',
          amount: -3n * 10n ** 18n,
          extra: { entryPrice: '2000' },
          blockNumber: 10,
          engine: null,
        },
        {
          chainId,
          venue: 'aave-v3',
          wallet: alice,
          kind: 'supply',
          key: usdc,
          amount: 7n,
          extra: { collateral: 'true', scaledBalance: '6' },
          blockNumber: 10,
          engine: null,
        },
        {
          chainId,
          venue: 'erc20',
          wallet: alice,
          kind: 'spot',
          key: usdc,
          amount: 5_000_000n,
          extra: {},
          blockNumber: 10,
          engine: null,
        },
      ].sort((x, y) => (x.wallet < y.wallet ? -1 : x.wallet > y.wallet ? 1 : 0)),
    )
    expect(await store.getPositions({ wallets: [alice], kinds: ['spot'] })).toHaveLength(1)
    expect(await store.getPositions({ wallets: [alice], chainIds: [31338] })).toEqual([])
    expect(
      await store.getLatestPrices({
        keys: [
          { chainId, feed },
          { chainId: 31338, feed },
        ],
      }),
    ).toEqual([
      {
        chainId,
        feed,
        asset: usdc,
        value: 2000_00000000n,
        decimals: 8,
        updatedAt: 1_700_000_100,
        roundId: 7n,
        blockNumber: 10,
      },
    ])
    const [head] = await store.getChainHeads({ chainIds: [chainId] })
    expect(head?.tip).toEqual({ ...header('a', 10), chainId, finalized: false })
    expect(head?.cursors.map((c) => [c.source, c.blockNumber, c.blockHash])).toEqual([
      ['blocks', 10, header('a', 10).hash],
      ['erc20', 10, header('a', 10).hash],
    ])
  })

  test('a re-read of an unchanged value keeps its version; a changed value supersedes it', async () => {
    temp = await createTempStore('store', dialect)
    const { store } = temp
    const spot = (amount: bigint): PositionWrite => ({
      venue: 'erc20',
      wallet: alice,
      kind: 'spot',
      key: usdc,
      amount,
    })
    const price = (value: bigint, roundId: bigint) => ({ feed, value, decimals: 8, updatedAt: 1, roundId })
    await store.commitBlock({
      chainId,
      block: header('a', 1),
      positions: { upserts: [spot(1n)] },
      prices: [price(5n, 1n)],
    })
    const same = await store.commitBlock({
      chainId,
      block: header('a', 2),
      positions: { upserts: [spot(1n)] },
      prices: [price(5n, 1n)],
    })
    expect(same).toEqual({
      positionsWritten: 0,
      positionsDeleted: 0,
      pricesWritten: 0,
      poolStatesWritten: 0,
      feedRoundsWritten: 0,
    })
    const changed = await store.commitBlock({
      chainId,
      block: header('a', 3),
      positions: { upserts: [spot(2n)] },
      prices: [price(6n, 2n)],
    })
    expect(changed).toEqual({
      positionsWritten: 1,
      positionsDeleted: 0,
      pricesWritten: 1,
      poolStatesWritten: 0,
      feedRoundsWritten: 0,
    })
    const [position] = await store.getPositions({ wallets: [alice] })
    expect([position?.amount, position?.blockNumber]).toEqual([2n, 3])
    const { positions } = await store.dumpContent({ tables: ['positions'] })
    expect(positions?.map((row) => row.slice(-3))).toEqual([
      [1, 1, 3],
      [3, 3, null],
    ])
  })

  test('throws ParentHashMismatchError when the next block does not extend the tip', async () => {
    temp = await createTempStore('store', dialect)
    const { store } = temp
    await store.commitBlock({ chainId, block: header('a', 1), cursors: ['blocks'] })
    const error = await store.commitBlock({ chainId, block: header('b', 2, 'b') }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ParentHashMismatchError)
    expect(error).toMatchObject({ chainId, blockNumber: 2, expectedParentHash: header('a', 1).hash })
    await expect(store.commitBlock({ chainId, block: header('a', 1) })).rejects.toThrow(BlockNotAfterTipError)
    await expect(store.commitBlock({ chainId: 5, block: header('a', 1) })).rejects.toThrow(UnknownChainError)
    // A gap (backfill committing the end of a range) is accepted without a parent check.
    await store.commitBlock({ chainId, block: header('a', 9) })
    expect((await store.getTip({ chainId }))?.number).toBe(9)
  })

  test('rejects a bigint block number and a malformed hash instead of silently skipping the parent check', async () => {
    temp = await createTempStore('store', dialect)
    const { store } = temp
    await store.commitBlock({ chainId, block: header('a', 1) })
    const bigintNumber = { ...header('b', 2, 'b'), number: 2n as unknown as number }
    await expect(store.commitBlock({ chainId, block: bigintNumber })).rejects.toThrow(
      /non-negative safe integer/,
    )
    await expect(
      store.commitBlock({ chainId, block: { ...header('a', 2), hash: '0x1234' } }),
    ).rejects.toThrow(/32-byte/)
    await expect(store.rollbackTo({ chainId, blockNumber: -1 })).rejects.toThrow(/non-negative safe integer/)
    expect((await store.getTip({ chainId }))?.number).toBe(1)
  })

  test('a failure in the middle of a block leaves nothing written and the cursor unchanged', async () => {
    temp = await createTempStore('store', dialect)
    const { store } = temp
    await store.commitBlock({
      chainId,
      block: header('a', 1),
      positions: { upserts: [{ venue: 'erc20', wallet: alice, kind: 'spot', key: usdc, amount: 1n }] },
      cursors: ['blocks'],
    })
    const before = await store.contentHash()
    const tooBig = 2n ** 256n
    const error = await store
      .commitBlock({
        chainId,
        block: header('a', 2),
        positions: {
          upserts: [
            { venue: 'erc20', wallet: alice, kind: 'spot', key: usdc, amount: 2n },
            { venue: 'erc20', wallet: bob, kind: 'spot', key: usdc, amount: 3n },
            { venue: 'erc20', wallet: bob, kind: 'spot', key: feed, amount: tooBig },
          ],
        },
        prices: [{ feed, value: 1n, decimals: 8, updatedAt: 1, roundId: 1n }],
        discoveredWallets: [bob],
        cursors: ['blocks'],
      })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(IntegerCodecError)
    expect(await store.contentHash()).toBe(before)
    expect((await store.getChainHeads())[0]?.cursors[0]?.blockNumber).toBe(1)
    expect(await store.getTrackedWallets()).toEqual([])

    await expect(
      store.commitBlock({
        chainId,
        block: header('a', 2),
        positions: {
          upserts: [{ venue: 'erc20', wallet: alice, kind: 'spot', key: usdc, amount: 2n }],
          deletes: [
            { venue: 'erc20', wallet: alice.toUpperCase() as `0x${string}`, kind: 'spot', key: usdc },
          ],
        },
        cursors: ['blocks'],
      }),
    ).rejects.toThrow(DuplicateKeyError)
    expect(await store.contentHash()).toBe(before)
  })

  test('amounts at the uint256 / int256 boundaries round-trip and sort numerically in SQL', async () => {
    temp = await createTempStore('store', dialect)
    const { store } = temp
    const amounts = [
      2n ** 256n - 1n,
      2n ** 255n - 1n,
      2n ** 255n,
      1n,
      0n,
      -1n,
      -(2n ** 255n) + 1n,
      -(2n ** 255n),
      10n,
      -10n,
    ]
    await store.commitBlock({
      chainId,
      block: header('a', 1),
      positions: {
        upserts: amounts.map((amount, i) => ({
          venue: 'v',
          wallet: alice,
          kind: 'perp' as const,
          key: `m${i}`,
          amount,
        })),
      },
      prices: [{ feed, value: -(2n ** 255n), decimals: 8, updatedAt: 1, roundId: 2n ** 256n - 1n }],
    })
    const read = await store.getPositions({ wallets: [alice] })
    expect(read.map((p) => p.amount)).toEqual(amounts)
    const [price] = await store.getLatestPrices()
    expect([price?.value, price?.roundId]).toEqual([-(2n ** 255n), 2n ** 256n - 1n])

    const keys = (await temp.query('select key from positions order by amount')).map((row) => row.key)
    const sorted = amounts
      .map((amount, i) => ({ amount, key: `m${i}` }))
      .sort((x, y) => (x.amount < y.amount ? -1 : 1))
    expect(keys).toEqual(sorted.map((x) => x.key))
    await expect(
      store.commitBlock({
        chainId,
        block: header('a', 2),
        prices: [{ feed, value: 2n ** 255n, decimals: 8, updatedAt: 1, roundId: 1n }],
      }),
    ).rejects.toThrow(/out of int256 range/)
  })
})
