import type { SpotPosition } from '@xmargin/core'
import { describe, expect, test } from 'vitest'
import { addressOf, commitAll, header, testDialects, useTempStores } from '../testing/fixtures.js'
import type { PositionWrite } from '../types.js'

const chainId = 31337
const alice = addressOf('alice')
const weth = addressOf('weth')

/** The engine position a venue would build for a WETH balance (the perp venue adds owed PnL, hence `bonus`). */
const engine = (amount: bigint, bonus = 0n): SpotPosition => ({
  id: `${chainId}:wallet:${alice}:${weth}:spot`,
  chainId,
  venue: 'wallet',
  wallet: alice,
  blockNumber: 999n,
  kind: 'spot',
  asset: 'WETH',
  amount: amount + bonus,
  decimals: 18,
})
const write = (amount: bigint, withEngine: SpotPosition | null): PositionWrite => ({
  venue: 'wallet',
  wallet: alice,
  kind: 'spot',
  key: weth,
  amount,
  engine: withEngine,
})

const tempStore = useTempStores()

describe.each(testDialects)('engine positions in the store on %s', (dialect) => {
  test('getPositions() returns the engine position written with the row, at the row’s block', async () => {
    const store = await tempStore(dialect)
    await commitAll(store, chainId, [[header('a', 1), { positions: { upserts: [write(5n, engine(5n))] } }]])
    const [row] = await store.getPositions({ wallets: [alice] })
    expect(row?.engine).toStrictEqual({ ...engine(5n), blockNumber: 1n })
  })

  test('a re-read with equal amount and extra but another engine position is a new version; pinned reads and rollbacks keep the old one', async () => {
    const store = await tempStore(dialect)
    await commitAll(store, chainId, [
      [header('a', 1), { positions: { upserts: [write(5n, null)] } }],
      [header('a', 2), { positions: { upserts: [write(5n, engine(5n))] } }],
      [header('a', 3), { positions: { upserts: [write(5n, engine(5n))] } }],
      [header('a', 4), { positions: { upserts: [write(5n, engine(5n, 7n))] } }],
    ])
    const at = async (blockNumber?: number) =>
      (
        await store.getPositions({
          wallets: [alice],
          at: blockNumber === undefined ? undefined : [{ chainId, blockNumber }],
        })
      )[0]?.engine
    expect(await at(1)).toBeNull()
    expect(await at(2)).toStrictEqual({ ...engine(5n), blockNumber: 2n })
    // Block 3 re-read the same position: no new version, the block it was read at stays 2.
    expect(await at(3)).toStrictEqual({ ...engine(5n), blockNumber: 2n })
    expect(await at()).toStrictEqual({ ...engine(5n, 7n), blockNumber: 4n })
    await store.rollbackTo({ chainId, blockNumber: 3 })
    expect(await at()).toStrictEqual({ ...engine(5n), blockNumber: 2n })
  })
})
