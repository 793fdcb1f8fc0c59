import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterEach } from 'vitest'
import type { CommitBlockParameters } from '../actions/commit-block.js'
import { createPostgresStore } from '../create-postgres-store.js'
import { createStore, type Store } from '../create-store.js'
import { type Dialect, dialects } from '../dialect/executor.js'
import type { Address, BlockHeader, Chain, Hash, PositionWrite } from '../types.js'

/** A deterministic 32-byte hash for a label; labels, not chains, decide the hash (two chains may share one). */
export function hashOf(label: string): Hash {
  return `0x${createHash('sha256').update(label).digest('hex')}`
}

/** A deterministic 20-byte address for a label. */
export function addressOf(label: string): Address {
  return `0x${createHash('sha256').update(`address:${label}`).digest('hex').slice(0, 40)}`
}

/**
 * A block on a fork: its hash depends on the fork label and number, its parent on the parent's fork label.
 * `header('a', 5, 'a')` extends `header('a', 4, …)`; `header('b', 5, 'a')` forks off 'a' at 4.
 */
export function header(fork: string, number: number, parentFork = fork): BlockHeader {
  return {
    number,
    hash: hashOf(`${fork}:${number}`),
    parentHash: number === 0 ? hashOf('genesis-parent') : hashOf(`${parentFork}:${number - 1}`),
    timestamp: 1_700_000_000 + number * 12,
  }
}

export const testChains: Chain[] = [
  { chainId: 31337, name: 'local-a', finalityDepth: 30, useFinalizedTag: false },
  { chainId: 31338, name: 'local-b', finalityDepth: 30, useFinalizedTag: false },
]

export type TempStore = {
  store: Store
  dialect: Dialect
  /** Where the store lives: the SQLite file, or the PostgreSQL database URL. */
  location: string
  /** SQLite: the file's path (undefined on PostgreSQL). */
  path: string
  dir: string
  /** Another store object on the same database (a second process would open the same). */
  openAnother: (now?: () => number, watchIntervalMs?: number) => Promise<Store>
  /** Runs one SQL query on the database with the driver (no store in between) and returns its rows. */
  query: (text: string) => Promise<Record<string, unknown>[]>
  reopen: () => Promise<Store>
  dispose: () => Promise<void>
}

/** The dialects every dialect-independent store test runs on. */
export const testDialects: readonly Dialect[] = dialects

const fixedNow = () => 1_700_000_000_000

/**
 * A store on a fresh database with the test chains registered and a fixed clock: SQLite in its own temp
 * dir, or a new database on the run's embedded PostgreSQL server (`postgres-global-setup.ts`).
 */
export async function createTempStore(name = 'store', dialect: Dialect = 'sqlite'): Promise<TempStore> {
  const dir = mkdtempSync(join(tmpdir(), 'xmargin-store-'))
  let location: string
  let open: (now?: () => number, watchIntervalMs?: number) => Promise<Store>
  let drop = async () => {}
  if (dialect === 'sqlite') {
    location = join(dir, `${name}.db`)
    open = async (now = fixedNow, watchIntervalMs?: number) =>
      createStore({ path: location, now, watchIntervalMs })
  } else {
    const { createTestDatabase } = await import('./postgres-database.js')
    const database = await createTestDatabase(name)
    location = database.url
    drop = database.drop
    open = (now = fixedNow, watchIntervalMs?: number) =>
      createPostgresStore({ url: location, now, watchIntervalMs })
  }
  let store = await open()
  const others: Store[] = []
  await store.upsertChains({ chains: testChains })
  return {
    get store() {
      return store
    },
    dialect,
    location,
    path: dialect === 'sqlite' ? location : '',
    dir,
    query: async (text) => {
      if (dialect === 'sqlite') {
        const raw = new Database(location, { readonly: true })
        try {
          return raw.prepare(text).all() as Record<string, unknown>[]
        } finally {
          raw.close()
        }
      }
      const client = new pg.Client({ connectionString: location })
      await client.connect()
      try {
        return (await client.query(text)).rows
      } finally {
        await client.end()
      }
    },
    openAnother: async (now, watchIntervalMs) => {
      const other = await open(now, watchIntervalMs)
      others.push(other)
      return other
    },
    reopen: async () => {
      await store.close()
      store = await open()
      return store
    },
    dispose: async () => {
      for (const handle of [store, ...others]) await handle.close().catch(() => undefined)
      await drop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/**
 * Opens temp stores for one test file and disposes every one after each test: registers the
 * `afterEach`, so call it once at the file's top level.
 *
 * @example
 * const tempStore = useTempStores()
 * test('…', async () => {
 *   const store = await tempStore('sqlite')
 * })
 */
export function useTempStores(name = 'store'): (dialect: Dialect) => Promise<Store> {
  const temps: TempStore[] = []
  afterEach(async () => {
    for (const temp of temps.splice(0)) await temp.dispose()
  })
  return async (dialect) => {
    const temp = await createTempStore(name, dialect)
    temps.push(temp)
    return temp.store
  }
}

/**
 * The store tests' usual position row: `wallet`'s (default alice's) USDC balance at the erc20 venue.
 *
 * @example
 * await commitAll(store, 31337, [[header('a', 1), { positions: { upserts: [spotWrite(100n)] } }]])
 */
export function spotWrite(amount: bigint, wallet: Address = addressOf('alice')): PositionWrite {
  return { venue: 'erc20', wallet, kind: 'spot', key: addressOf('usdc'), amount }
}

export type CommitInput = Omit<CommitBlockParameters, 'chainId' | 'block'>

/** Options of {@link commitAll}. */
export type CommitAllOptions = {
  /**
   * Whether to record the chain's clock after the last block, as its indexer does after a step
   * (see {@link recordClock}); default true. `false` leaves the clock alone, for tests of the clock.
   */
  clock?: boolean | undefined
}

/**
 * Commits a list of (header, writes) on one chain in order, then records the chain's clock as its
 * indexer would after storing them (`recordClock`), so the chain is served at its tip as after a
 * real step rather than held below it by a clock-less tip.
 *
 * @example
 * await commitAll(store, 31337, [[header('a', 1), { positions: { upserts: [write] }, complete: true }]])
 */
export async function commitAll(
  store: Store,
  chainId: number,
  items: readonly (readonly [BlockHeader, CommitInput])[],
  options: CommitAllOptions = {},
): Promise<void> {
  for (const [block, input] of items) await store.commitBlock({ chainId, block, ...input })
  if (options.clock !== false && items.length > 0) await recordClock(store, chainId)
}

/**
 * Records a chain's clock as its indexer does after a step that stored every block up to the head:
 * the tip's timestamp + 1 (what the indexer takes from an RPC without a pending block; the fixture
 * headers are 12 s apart, so no later block shares the tip's second). Every block stamped below it
 * is stored. A no-op on a chain with no block.
 *
 * @example
 * await store.rollbackTo({ chainId: 31337, blockNumber: 3, replacement })
 * await recordClock(store, 31337) // the indexer's next step
 */
export async function recordClock(store: Store, chainId: number): Promise<void> {
  const tip = await store.getTip({ chainId })
  if (tip) await store.advanceChainClock({ chainId, clock: tip.timestamp + 1 })
}
