import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { sql } from 'drizzle-orm'
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3'
import { readMigrationFiles } from 'drizzle-orm/migrator'
import { StoreError } from '../../errors.js'
import { createQueue, type StoreExecutor, type StoreQuery, type StoreTx } from '../executor.js'
import { createPreparedReads, statementNames } from '../prepared.js'
import { isBusyError, retryWhileBusy } from './busy.js'
import { schema } from './schema.js'
import { withStatementCache } from './statement-cache.js'

/** The drizzle handle every store action runs on. */
export type SqliteDatabase = BetterSQLite3Database<typeof schema>
/** A handle inside a transaction (same query API). */
export type SqliteTransaction = Parameters<Parameters<SqliteDatabase['transaction']>[0]>[0]
/** Either of the above: actions that only read or write accept both. */
export type SqliteExecutor = SqliteDatabase | SqliteTransaction

export type OpenDatabaseParameters = {
  /** File path, or ':memory:' (memory databases are not shared between connections). */
  path: string
  /** How long a write waits for another connection's lock, in ms. */
  busyTimeoutMs?: number | undefined
}
export type OpenDatabaseReturnType = { db: SqliteDatabase; sqlite: Database.Database }

/** drizzle-kit output, shipped with the package (`pnpm --filter @xmargin/store generate`). */
const migrationsFolder = fileURLToPath(new URL('../../../drizzle', import.meta.url))

/**
 * Opens (creating if needed) a SQLite file: WAL journal, foreign keys on, busy timeout, and every
 * pending drizzle-kit migration applied; drizzle's statements are compiled once per text (see
 * `withStatementCache`). Re-opening an up-to-date file applies nothing. Any number
 * of processes may open the same (fresh) file at once: the WAL switch is retried while another
 * connection holds the lock, and migrations run inside one immediate (write-locked) transaction,
 * so exactly one opener applies them and the others see them applied.
 *
 * @example
 * const { db, sqlite } = openDatabase({ path: './xmargin.db' })
 */
export function openDatabase(parameters: OpenDatabaseParameters): OpenDatabaseReturnType {
  const { path, busyTimeoutMs = 5_000 } = parameters
  let sqlite: Database.Database
  try {
    sqlite = new Database(path, { timeout: busyTimeoutMs })
    // Entering WAL needs an exclusive lock taken from a read lock; SQLite answers SQLITE_BUSY at once
    // (no busy handler: waiting could deadlock) while another opener holds the file: retry it.
    const mode = retryWhileBusy({
      run: () => sqlite.pragma('journal_mode = WAL', { simple: true }),
      timeoutMs: busyTimeoutMs,
    })
    if (mode !== 'wal' && path !== ':memory:') throw new Error(`journal_mode is ${String(mode)}, not wal`)
    // NORMAL in WAL mode: a power loss may lose the last commits but never corrupts; a process crash loses nothing.
    sqlite.pragma('synchronous = NORMAL')
    sqlite.pragma('foreign_keys = ON')
    sqlite.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`)
  } catch (error) {
    throw new StoreError('Could not open the SQLite database.', { details: `path ${path}`, cause: error })
  }
  try {
    retryWhileBusy({ run: () => applyMigrations(sqlite), timeoutMs: busyTimeoutMs })
  } catch (error) {
    sqlite.close()
    throw new StoreError('Could not apply the store migrations.', { details: `path ${path}`, cause: error })
  }
  return { db: drizzle(withStatementCache({ sqlite }), { schema }), sqlite }
}

/**
 * drizzle's migrator, made atomic: its own reads the last applied migration before it takes the
 * write lock, so two openers of a fresh file both apply the first one. Here the check and the
 * statements run in one `BEGIN IMMEDIATE` transaction (the write lock first, waiting through the
 * busy timeout). Same files and same `__drizzle_migrations` rows as drizzle-kit's `migrate`.
 */
function applyMigrations(sqlite: Database.Database): void {
  const migrations = readMigrationFiles({ migrationsFolder })
  sqlite
    .transaction(() => {
      sqlite.exec(
        'CREATE TABLE IF NOT EXISTS "__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)',
      )
      const last = sqlite
        .prepare('SELECT created_at FROM "__drizzle_migrations" ORDER BY created_at DESC LIMIT 1')
        .pluck()
        .get() as number | string | undefined
      const insert = sqlite.prepare('INSERT INTO "__drizzle_migrations" ("hash", "created_at") VALUES (?, ?)')
      for (const migration of migrations) {
        if (last !== undefined && Number(last) >= migration.folderMillis) continue
        for (const statement of migration.sql) if (statement.trim()) sqlite.exec(statement)
        insert.run(migration.hash, migration.folderMillis)
      }
    })
    .immediate()
}

/** Parameters of {@link createSqliteExecutor}. */
export type CreateSqliteExecutorParameters = OpenDatabaseParameters & {
  /** The database's clock (`databaseNowMs`), unix ms. Default `Date.now`. */
  now?: (() => number) | undefined
}

/**
 * The store's executor on a SQLite file (see {@link openDatabase}). better-sqlite3 runs each statement
 * synchronously on one connection, so actions of this store run one after the other (`exclusive`), and
 * transactions are explicit `BEGIN`/`COMMIT` around the awaited statements.
 *
 * Its clock (`databaseNowMs`, what writer leases are stamped and judged by) is this process's `now`: a
 * SQLite file is shared only by processes of one host (its locks do not hold across a network file
 * system), whose clock is the database's clock; there is no other host whose clock could disagree.
 *
 * @example
 * const executor = createSqliteExecutor({ path: './xmargin.db' })
 * const tip = await executor.read(({ q, t }) => q.select().from(t.blocks).limit(1))
 */
export function createSqliteExecutor(parameters: CreateSqliteExecutorParameters): StoreExecutor {
  const { db, sqlite } = openDatabase(parameters)
  const now = parameters.now ?? Date.now
  const q = db as unknown as StoreQuery
  // One connection: a read prepared once serves every transaction (they are plain BEGIN/COMMIT on it).
  const tx: StoreTx = {
    dialect: 'sqlite',
    q,
    t: schema,
    prepared: createPreparedReads({ q, nameOf: statementNames() }),
  }
  const inTransaction =
    (begin: string) =>
    async <R>(fn: (tx: StoreTx) => Promise<R>): Promise<R> => {
      sqlite.exec(begin)
      try {
        const result = await fn(tx)
        sqlite.exec('COMMIT')
        return result
      } catch (error) {
        if (sqlite.inTransaction) sqlite.exec('ROLLBACK')
        throw error
      }
    }
  return {
    ...tx,
    write: inTransaction('BEGIN IMMEDIATE'),
    read: inTransaction('BEGIN DEFERRED'),
    exclusive: createQueue(),
    isBusy: isBusyError,
    databaseNowMs: () => sql`${now()}`,
    changeCounter: () => Number(sqlite.pragma('data_version', { simple: true })),
    isForeignKeyViolation: (error) =>
      typeof error === 'object' &&
      error !== null &&
      'code' in error &&
      error.code === 'SQLITE_CONSTRAINT_FOREIGNKEY',
    close: async () => {
      sqlite.close()
    },
  }
}
