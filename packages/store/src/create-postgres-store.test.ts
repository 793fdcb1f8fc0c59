import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, test } from 'vitest'
import { createPostgresStore } from './create-postgres-store.js'
import { StoreError } from './errors.js'
import { addressOf, createTempStore, type TempStore } from './testing/fixtures.js'

const migrationCount = readdirSync(fileURLToPath(new URL('../drizzle-postgres', import.meta.url))).filter(
  (f) => f.endsWith('.sql'),
).length

let temp: TempStore | undefined
afterEach(async () => {
  await temp?.dispose()
  temp = undefined
})

describe('createPostgresStore()', () => {
  test('four stores opening one fresh database at once migrate it once and all work', async () => {
    temp = await createTempStore('race', 'postgresql')
    // The fixture's store already migrated: drop its tables to start from a fresh database again.
    await temp.store.close()
    const { default: pg } = await import('pg')
    const client = new pg.Client({ connectionString: temp.location })
    await client.connect()
    await client.query('drop schema public cascade; create schema public; drop schema drizzle cascade')
    await client.end()
    const stores = await Promise.all(
      Array.from({ length: 4 }, () => createPostgresStore({ url: temp!.location })),
    )
    try {
      await Promise.all(
        stores.map((store, i) =>
          store.upsertChains({
            chains: [{ chainId: 100 + i, name: `c${i}`, finalityDepth: 1, useFinalizedTag: false }],
          }),
        ),
      )
      expect((await stores[0]!.getChains()).map((c) => c.chainId)).toEqual([100, 101, 102, 103])
    } finally {
      for (const store of stores) await store.close()
    }
    expect(await temp.query('select count(*)::int as n from drizzle.__drizzle_migrations')).toEqual([
      { n: migrationCount },
    ])
  })

  test('a foreign-key violation and a closed store are StoreErrors', async () => {
    temp = await createTempStore('errors', 'postgresql')
    const error = await temp.store
      .upsertAssets({
        assets: [
          { chainId: 999, address: addressOf('t'), symbol: 'T', decimals: 18, factor: null, feed: null },
        ],
      })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StoreError)
    expect((error as StoreError).shortMessage).toBe(
      'The write refers to a row that does not exist or is still referenced.',
    )
    const store = await temp.openAnother()
    await store.close()
    await expect(store.getChains()).rejects.toBeInstanceOf(StoreError)
  })

  test('an unreachable server is a StoreError that does not show the password', async () => {
    const error = await createPostgresStore({ url: 'postgres://xm:hunter2@127.0.0.1:1/none' }).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(StoreError)
    expect((error as StoreError).details).toBe('postgres://xm:***@127.0.0.1:1/none')
  })
})
