import { fileURLToPath } from 'node:url'
import { sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import pg from 'pg'
import { StoreError } from '../../errors.js'
import { driverErrorCode } from '../errors.js'
import type { StoreExecutor, StoreQuery, StoreTables, StoreTx } from '../executor.js'
import { schema } from './schema.js'

export type CreatePostgresExecutorParameters = {
  /** `postgres://user:password@host:port/database`. */
  url: string
  /** Connections in the pool. Default 10. */
  poolSize?: number | undefined
}

/** drizzle-kit output for PostgreSQL (`pnpm --filter @xmargin/store generate`). */
const migrationsFolder = fileURLToPath(new URL('../../../drizzle-postgres', import.meta.url))

/** Advisory lock keys (`hashtext` of a name): one for migrating, one every write transaction takes. */
const migrateLock = sql`hashtext('xmargin.store.migrate')`
const writeLock = sql`hashtext('xmargin.store.write')`

/** SQLSTATEs that mean "try again": serialization failure, deadlock, lock not available. */
const busyCodes = new Set(['40001', '40P01', '55P03'])

/**
 * The store's executor on a PostgreSQL database: a connection pool, every pending drizzle-kit migration
 * applied first (under an advisory lock, so concurrent openers migrate once). Write transactions take
 * one transaction-scoped advisory lock before anything else, so writers run one at a time as on SQLite
 * (`BEGIN IMMEDIATE`) and each sees everything the previous one committed; reads run in one
 * repeatable-read, read-only snapshot and never wait for writers.
 *
 * @example
 * const executor = await createPostgresExecutor({ url: 'postgres://xmargin@localhost:5432/xmargin' })
 */
export async function createPostgresExecutor(
  parameters: CreatePostgresExecutorParameters,
): Promise<StoreExecutor> {
  const pool = new pg.Pool({ connectionString: parameters.url, max: parameters.poolSize ?? 10 })
  // An idle client's error (e.g. the server shutting down) must not crash the process; the next query reports it.
  pool.on('error', () => undefined)
  try {
    const client = await pool.connect()
    try {
      const lockDb = drizzle(client)
      await lockDb.execute(sql`select pg_advisory_lock(${migrateLock})`)
      try {
        await migrate(lockDb, { migrationsFolder })
      } finally {
        await lockDb.execute(sql`select pg_advisory_unlock(${migrateLock})`)
      }
    } finally {
      client.release()
    }
  } catch (error) {
    await pool.end()
    throw new StoreError('Could not open the PostgreSQL database and apply the store migrations.', {
      details: redact(parameters.url),
      cause: error,
    })
  }
  const db = drizzle(pool, { schema })
  // The pg-core tables stand in for the SQLite declaration's types (see StoreTables).
  const t = schema as unknown as StoreTables
  const handle = (q: unknown): StoreTx => ({ dialect: 'postgresql', q: q as StoreQuery, t })
  return {
    ...handle(db),
    write: (fn) =>
      db.transaction(
        async (tx) => {
          await tx.execute(sql`select pg_advisory_xact_lock(${writeLock})`)
          return fn(handle(tx))
        },
        { isolationLevel: 'read committed' },
      ),
    read: (fn) =>
      db.transaction((tx) => fn(handle(tx)), { isolationLevel: 'repeatable read', accessMode: 'read only' }),
    exclusive: (fn) => fn(),
    isBusy: (error) => busyCodes.has(driverErrorCode(error) ?? ''),
    isForeignKeyViolation: (error) => driverErrorCode(error) === '23503',
    close: () => pool.end(),
  }
}

/** The URL without its password, for error details. */
function redact(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return 'an unparsable database URL'
  }
}
