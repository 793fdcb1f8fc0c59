import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { BaseError } from '@xmargin/core'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, test } from 'vitest'
import { createStore } from './create-store.js'
import { StoreBusyError, StoreError } from './errors.js'
import { addressOf, createTempStore, header, type TempStore } from './testing/fixtures.js'

/** Every migration drizzle-kit generated (the journal is the list the migrator applies). */
const migrationCount = (
  JSON.parse(readFileSync(new URL('../drizzle/meta/_journal.json', import.meta.url), 'utf8')) as {
    entries: unknown[]
  }
).entries.length

let temp: TempStore | undefined
afterEach(async () => {
  await temp?.dispose()
  temp = undefined
})

describe('createStore()', () => {
  test('applies the migrations to a fresh file with WAL and foreign keys on', async () => {
    temp = await createTempStore()
    const raw = new Database(temp.path, { readonly: true })
    const tables = raw
      .prepare("select name from sqlite_master where type = 'table' order by name")
      .all()
      .map((row) => (row as { name: string }).name)
    expect(tables).toEqual([
      '__drizzle_migrations',
      'account_wallets',
      'accounts',
      'assets',
      'blocks',
      'chain_clocks',
      'chain_sync',
      'chains',
      'feed_rounds',
      'pool_states',
      'positions',
      'prices',
      'sync_cursors',
      'wallets',
      'writer_locks',
    ])
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal')
    raw.close()
    // foreign_keys is per connection: check the store's own by violating one.
    await expect(temp.store.commitBlock({ chainId: 999, block: header('a', 1) })).rejects.toThrow(
      /Chain 999 is not registered/,
    )
    await expect(temp.store.setAccount({ name: 'x', wallets: [] })).resolves.toEqual({
      name: 'x',
      wallets: [],
    })
    await expect(
      temp.store.upsertAssets({
        assets: [
          { chainId: 999, address: addressOf('t'), symbol: 'T', decimals: 18, factor: null, feed: null },
        ],
      }),
    ).rejects.toThrow(StoreError)
  })

  test('re-opens an up-to-date file without re-applying migrations and keeps the data', async () => {
    temp = await createTempStore()
    await temp.store.commitBlock({ chainId: 31337, block: header('a', 1), cursors: ['blocks'] })
    const before = await temp.store.contentHash()
    const store = await temp.reopen()
    await temp.reopen()
    const raw = new Database(temp.path, { readonly: true })
    expect(raw.prepare('select count(*) as n from __drizzle_migrations').get()).toEqual({ n: migrationCount })
    raw.close()
    expect(await temp.store.contentHash()).toBe(before)
    await expect(store.close()).resolves.toBeUndefined()
  })

  test("two connections to one file see each other's writes", async () => {
    temp = await createTempStore('seed')
    const path = `${temp.dir}/shared.db`
    const a = createStore({ path })
    const b = createStore({ path })
    await a.upsertChains({ chains: [{ chainId: 1, name: 'one', finalityDepth: 65, useFinalizedTag: true }] })
    expect(await b.getChains()).toEqual([
      { chainId: 1, name: 'one', finalityDepth: 65, useFinalizedTag: true },
    ])
    a.close()
    b.close()
  })

  test('eight processes opening the same fresh file at once all switch to WAL, migrate once and write', async () => {
    temp = await createTempStore('seed')
    const path = `${temp.dir}/race.db`
    const children = Array.from({ length: 8 }, () =>
      spawn(process.execPath, ['--import', 'tsx', 'src/testing/open-store.ts', path], {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        stdio: ['pipe', 'pipe', 'inherit'],
      }),
    )
    const exits = children.map(
      (child) => new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code))),
    )
    // Barrier: every child loaded and waiting, then all released at once onto the fresh file.
    await Promise.all(
      children.map((child) => new Promise<void>((resolve) => child.stdout.once('data', () => resolve()))),
    )
    for (const child of children) child.stdin.end('go\n')
    expect(await Promise.all(exits)).toEqual(Array(8).fill(0))
    const store = createStore({ path })
    expect(await store.getChains()).toHaveLength(8)
    store.close()
    const raw = new Database(path, { readonly: true })
    expect(raw.prepare('select count(*) as n from __drizzle_migrations').get()).toEqual({ n: migrationCount })
    raw.close()
  })

  test('opening a fresh file while another connection holds its write lock waits for it instead of failing SQLITE_BUSY', async () => {
    temp = await createTempStore('seed')
    const path = `${temp.dir}/held.db`
    const holder = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/testing/hold-write-lock.ts', path, '300'],
      {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    const released = new Promise<number | null>((resolve) => holder.on('exit', (code) => resolve(code)))
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()))
    // The lock is held now: the WAL switch gets SQLITE_BUSY without a busy wait and must retry.
    const store = createStore({ path, busyTimeoutMs: 10_000 })
    expect(await store.getChains()).toEqual([])
    store.close()
    expect(await released).toBe(0)
    const raw = new Database(path, { readonly: true })
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal')
    // The holder's transaction committed: the store waited for it rather than breaking it.
    expect(raw.prepare('select count(*) as n from lock_holder').get()).toEqual({ n: 1 })
    raw.close()
  })

  test('wraps driver errors in StoreError and rejects after close', async () => {
    temp = await createTempStore()
    const store = temp.store
    await store.close()
    const error = await store.getChains().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StoreError)
    expect(error).toBeInstanceOf(BaseError) // one error root across packages
    expect((error as StoreError).shortMessage).toBe('store.getChains failed.')
    expect((error as StoreError).retryable).toBe(false)
    expect(new StoreBusyError('The database is busy.').retryable).toBe(true)
  })
})

describe('migrations', () => {
  test('a database indexed before chain_sync existed is complete from its head cursor after the upgrade', async () => {
    temp = await createTempStore('seed')
    const path = `${temp.dir}/old.db`
    // The first migration only, as an older version of the store left the file.
    const first = readFileSync(
      new URL('../drizzle/0000_aromatic_robbie_robertson.sql', import.meta.url),
      'utf8',
    ).split('--> statement-breakpoint')
    const raw = new Database(path)
    for (const statement of first) raw.exec(statement)
    raw.exec(`CREATE TABLE "__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric);
      INSERT INTO "__drizzle_migrations" ("hash", "created_at") VALUES ('old', 1795490233468);
      INSERT INTO chains VALUES (1, 'indexed', 10, 0), (2, 'first-sync', 10, 0);
      INSERT INTO blocks VALUES (1, 5, '0x05', '0x04', 1, 0), (2, 3, '0x03', '0x02', 1, 0);
      INSERT INTO sync_cursors VALUES (1, 'head', 5, '0x05'), (1, 'discovery', 4, '0x04'), (2, 'discovery', 3, '0x03');`)
    raw.close()
    const store = createStore({ path })
    expect((await store.getChainHeads()).map((h) => [h.chain.chainId, h.completeFrom, h.incomplete])).toEqual(
      [
        [1, 5, null],
        [2, null, 'first-sync'],
      ],
    )
    store.close()
  })
})

describe('migration 0002 (engine positions)', () => {
  test('a position stored before the engine column has none until its next write, which gives it one as a new version', async () => {
    temp = await createTempStore('seed')
    const path = `${temp.dir}/old.db`
    const raw = new Database(path)
    for (const file of ['0000_aromatic_robbie_robertson.sql', '0001_chain_sync_writer_locks.sql'])
      for (const statement of readFileSync(new URL(`../drizzle/${file}`, import.meta.url), 'utf8').split(
        '--> statement-breakpoint',
      ))
        raw.exec(statement)
    const wallet = addressOf('alice')
    const token = addressOf('weth')
    const tip = header('a', 5)
    raw.exec(`CREATE TABLE "__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric);
      INSERT INTO "__drizzle_migrations" ("hash", "created_at") VALUES ('old', 1796430077449);
      INSERT INTO chains VALUES (1, 'indexed', 10, 0);
      INSERT INTO blocks VALUES (1, 5, '${tip.hash}', '${tip.parentHash}', ${tip.timestamp}, 0);`)
    raw
      .prepare("insert into positions values (1, 'wallet', ?, 'spot', ?, ?, '{}', 5, 5, null)")
      .run(wallet, token, `p${'7'.padStart(78, '0')}`)
    raw.close()
    const store = createStore({ path })
    const read = async () => (await store.getPositions({ wallets: [wallet] }))[0]
    expect((await read())?.engine).toBeNull()
    const engine = {
      id: `1:wallet:${wallet}:${token}:spot`,
      chainId: 1,
      venue: 'wallet',
      wallet,
      blockNumber: 6n,
      kind: 'spot',
      asset: 'WETH',
      amount: 7n,
      decimals: 18,
    } as const
    await store.commitBlock({
      chainId: 1,
      block: header('a', 6),
      positions: { upserts: [{ venue: 'wallet', wallet, kind: 'spot', key: token, amount: 7n, engine }] },
    })
    expect(await read()).toMatchObject({ amount: 7n, blockNumber: 6, engine })
    store.close()
  })
})

describe('schema', () => {
  test('allows only one current version per position and per feed', async () => {
    temp = await createTempStore()
    const raw = new Database(temp.path)
    const insert = raw.prepare(
      "insert into positions (chain_id, venue, wallet, kind, key, amount, extra, block_number, valid_from, valid_to) values (31337, 'v', '0xa', 'spot', 'k', ?, '{}', ?, ?, null)",
    )
    const amount = `p${'0'.repeat(78)}`
    insert.run(amount, 1, 1)
    expect(() => insert.run(amount, 2, 2)).toThrow(/UNIQUE constraint failed/)
    raw.close()
  })
})
