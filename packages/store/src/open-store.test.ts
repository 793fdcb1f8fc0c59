import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import type { Store } from './create-store.js'
import { openStore } from './open-store.js'
import { addressOf, testChains } from './testing/fixtures.js'
import { createTestDatabase } from './testing/postgres-database.js'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const wallets = [addressOf('alice'), addressOf('bob')]
const accounts = [{ name: 'treasury', wallets: [addressOf('carol')] }]

describe('openStore()', () => {
  test('opens a PostgreSQL URL like a SQLite path: same chains, wallets and accounts registered', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xmargin-open-store-'))
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }))
    const database = await createTestDatabase('open_store')
    cleanups.push(database.drop)
    const opened: Store[] = []
    cleanups.push(async () => {
      for (const store of opened) await store.close()
    })
    const lite = await openStore({ path: join(dir, 'x.db'), chains: testChains, wallets, accounts })
    opened.push(lite)
    const pg = await openStore({ url: database.url, chains: testChains, wallets, accounts })
    opened.push(pg)
    expect((await pg.getChains()).map((c) => c.chainId)).toEqual(testChains.map((c) => c.chainId))
    expect(await pg.getAccounts()).toEqual([{ name: 'treasury', wallets: [addressOf('carol')] }])
    expect(await pg.contentHash()).toBe(await lite.contentHash())
  })

  test('register: false opens and migrates a fresh database and writes nothing (an API replica)', async () => {
    const database = await createTestDatabase('open_store_reader')
    cleanups.push(database.drop)
    const reader = await openStore({
      url: database.url,
      chains: testChains,
      wallets,
      accounts,
      register: false,
    })
    cleanups.push(() => reader.close())
    expect(await reader.getChains()).toEqual([])
    expect(await reader.getTrackedWallets()).toEqual([])
    expect(await reader.getAccounts()).toEqual([])
  })
})
