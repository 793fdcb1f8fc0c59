import { fileURLToPath } from 'node:url'
import { sql } from 'drizzle-orm'
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres'
import { migrate } from 'drizzle-orm/node-postgres/migrator'
import pg from 'pg'
import { StoreError } from '../../errors.js'
import { driverErrorCode } from '../errors.js'
import type { StoreExecutor, StoreQuery, StoreTables, StoreTx } from '../executor.js'
import { createPreparedReads, type PrepareRead, statementNames } from '../prepared.js'
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

/**
 * The server's clock in unix ms. `clock_timestamp()`, not `now()`: `now()` is the transaction's start,
 * which can be well before a write gets the write lock it waits for.
 */
const serverNowMs = sql`(extract(epoch from clock_timestamp()) * 1000)::bigint`

/** The channel a write that moves a chain's tip or clock notifies (payload: the chain id). */
export const chainChangesChannel = 'xmargin_blocks'

/** SQLSTATEs that mean "try again": serialization failure, deadlock, lock not available. */
const busyCodes = new Set(['40001', '40P01', '55P03'])

/**
 * The store's executor on a PostgreSQL database: a connection pool, every pending drizzle-kit migration
 * applied first (under an advisory lock, so concurrent openers migrate once). Write transactions take
 * one transaction-scoped advisory lock before anything else, so writers run one at a time as on SQLite
 * (`BEGIN IMMEDIATE`) and each sees everything the previous one committed; reads run in one
 * repeatable-read, read-only snapshot and never wait for writers. A write that moves a chain's tip or
 * clock ends with `pg_notify('xmargin_blocks', '<chainId>')`, which PostgreSQL delivers when (and only
 * if) it commits; `listenChainChanges` hears them on a connection of its own (`LISTEN`).
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
  // One name per read shape for the whole store: a pooled connection prepares a name once, for one text.
  const nameOf = statementNames()
  const handle = (q: unknown, prepared: PrepareRead): StoreTx => ({
    dialect: 'postgresql',
    q: q as StoreQuery,
    t,
    prepared,
  })
  const onClient = connectionsOf(pool, nameOf)
  return {
    ...handle(db, createPreparedReads({ q: db as unknown as StoreQuery, nameOf })),
    write: (fn) =>
      onClient((client) =>
        client.db.transaction(
          async (tx) => {
            await tx.execute(sql`select pg_advisory_xact_lock(${writeLock})`)
            const moved = new Set<number>()
            const result = await fn({
              ...handle(tx, client.prepared),
              chainMoved: (chainId) => moved.add(chainId),
            })
            for (const chainId of moved)
              await tx.execute(sql`select pg_notify(${chainChangesChannel}, ${String(chainId)})`)
            return result
          },
          { isolationLevel: 'read committed' },
        ),
      ),
    read: (fn) =>
      onClient((client) =>
        client.db.transaction((tx) => fn(handle(tx, client.prepared)), {
          isolationLevel: 'repeatable read',
          accessMode: 'read only',
        }),
      ),
    exclusive: (fn) => fn(),
    isBusy: (error) => busyCodes.has(driverErrorCode(error) ?? ''),
    databaseNowMs: () => serverNowMs,
    isForeignKeyViolation: (error) => driverErrorCode(error) === '23503',
    listenChainChanges: async ({ onChange, onError }) => {
      const client = new pg.Client({ connectionString: parameters.url })
      let ended = false
      client.on('notification', ({ channel, payload }) => {
        if (channel === chainChangesChannel) onChange(Number(payload))
      })
      client.on('error', (error) => {
        if (ended) return
        ended = true
        void client.end().catch(() => undefined)
        onError(error)
      })
      // A server that ends the connection without an error (a shutdown) is a failure too.
      client.on('end', () => {
        if (ended) return
        ended = true
        onError(new StoreError('The PostgreSQL connection listening for new blocks closed.'))
      })
      try {
        await client.connect()
        await client.query(`listen ${chainChangesChannel}`)
      } catch (error) {
        ended = true
        await client.end().catch(() => undefined)
        throw error
      }
      return async () => {
        if (ended) return
        ended = true
        await client.end()
      }
    },
    close: () => pool.end(),
  }
}

/** A pooled connection with its drizzle handle and the reads prepared on it. */
type PooledConnection = { db: NodePgDatabase<typeof schema>; prepared: PrepareRead }

/**
 * Runs `fn` on a connection taken from the pool and released after, each connection with one drizzle
 * handle and its own prepared reads for its life: a statement PostgreSQL prepared on a connection
 * lives there, so a transaction's prepared reads are those of the connection it runs on (drizzle's
 * own pool transactions take a connection each time, with no handle to keep them by).
 */
function connectionsOf(
  pool: pg.Pool,
  nameOf: (key: string) => string,
): <R>(fn: (connection: PooledConnection) => Promise<R>) => Promise<R> {
  const connections = new WeakMap<pg.PoolClient, PooledConnection>()
  return async (fn) => {
    const client = await pool.connect()
    try {
      const kept = connections.get(client)
      if (kept) return await fn(kept)
      const clientDb = drizzle(client, { schema })
      const connection: PooledConnection = {
        db: clientDb,
        prepared: createPreparedReads({ q: clientDb as unknown as StoreQuery, nameOf }),
      }
      connections.set(client, connection)
      return await fn(connection)
    } finally {
      client.release()
    }
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
