import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import { StoreError } from '../../errors.js'
import { schema } from './schema.js'

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
 * pending drizzle-kit migration applied. Re-opening an up-to-date file applies nothing.
 *
 * @example
 * const { db, sqlite } = openDatabase({ path: './xmargin.db' })
 */
export function openDatabase(parameters: OpenDatabaseParameters): OpenDatabaseReturnType {
  const { path, busyTimeoutMs = 5_000 } = parameters
  let sqlite: Database.Database
  try {
    sqlite = new Database(path, { timeout: busyTimeoutMs })
    sqlite.pragma('journal_mode = WAL')
    // NORMAL in WAL mode: a power loss may lose the last commits but never corrupts; a process crash loses nothing.
    sqlite.pragma('synchronous = NORMAL')
    sqlite.pragma('foreign_keys = ON')
    sqlite.pragma(`busy_timeout = ${Math.trunc(busyTimeoutMs)}`)
  } catch (error) {
    throw new StoreError('Could not open the SQLite database.', { details: `path ${path}`, cause: error })
  }
  const db = drizzle(sqlite, { schema })
  applyMigrations(db, path)
  return { db, sqlite }
}

function applyMigrations(db: SqliteDatabase, path: string): void {
  // drizzle's migrator reads the last applied migration before it takes the write lock, so two processes
  // opening a fresh file at once can both try; the loser fails on "already exists" and a retry sees the work done.
  for (let attempt = 1; ; attempt++) {
    try {
      migrate(db, { migrationsFolder })
      return
    } catch (error) {
      if (attempt >= 3)
        throw new StoreError('Could not apply the store migrations.', {
          details: `path ${path}`,
          cause: error,
        })
    }
  }
}
