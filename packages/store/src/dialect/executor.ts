import type { SQL } from 'drizzle-orm'
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core'
import type { PrepareRead } from './prepared.js'
import type { schema } from './sqlite/schema.js'

/** The databases the store runs on. */
export const dialects = ['sqlite', 'postgresql'] as const
export type Dialect = (typeof dialects)[number]

/**
 * The tables as actions see them. Both dialects declare the same tables, columns (same JS names and
 * value types) and indexes (`src/dialect/schemas-equal.test.ts` keeps them equal), so the SQLite
 * declaration's types describe both.
 */
export type StoreTables = typeof schema

/**
 * The query API actions are written against: drizzle's builder, awaited (never `.get()`, `.all()` or
 * `.run()`, which only SQLite has; write results are counted with `.returning()`). On PostgreSQL the
 * same calls build pg-core queries over the PostgreSQL tables of {@link StoreTx.t}.
 */
export type StoreQuery = BaseSQLiteDatabase<'async', unknown, StoreTables>

/** A handle to run statements on (inside a transaction, or a single statement outside one). */
export type StoreTx = {
  dialect: Dialect
  q: StoreQuery
  t: StoreTables
  /**
   * The per-request reads, prepared once per shape on this handle's connection and run with
   * placeholder values (`createPreparedReads`): no SQL is built per call. Inside a transaction they
   * run in it (SQLite: the one connection; PostgreSQL: the transaction's pooled connection, which
   * keeps its own prepared statements).
   */
  prepared: PrepareRead
  /**
   * Inside a write: marks that it moves a chain's tip or clock. On PostgreSQL the transaction then sends
   * `NOTIFY xmargin_blocks, '<chainId>'` as its last statement, delivered to listeners only if it
   * commits; on SQLite it does nothing (watchers see `PRAGMA data_version` move).
   */
  chainMoved?: ((chainId: number) => void) | undefined
}

/** Parameters of {@link StoreExecutor.listenChainChanges}. */
export type ListenChainChangesParameters = {
  /** A committed write moved this chain's tip or clock (see {@link StoreTx.chainMoved}). */
  onChange: (chainId: number) => void
  /** The listening connection failed (it is closed; changes are no longer heard). */
  onError: (error: unknown) => void
}

/**
 * What every action runs on. `write` runs `fn` as ONE transaction that excludes every other writer of the
 * database (SQLite: `BEGIN IMMEDIATE`; PostgreSQL: a transaction-scoped advisory lock taken first, read
 * committed, so everything it reads is what the previous writer committed). `read` runs `fn` on one
 * consistent snapshot (SQLite: a deferred read transaction; PostgreSQL: repeatable read, read only).
 * Either rolls back when `fn` throws.
 */
export type StoreExecutor = StoreTx & {
  write: <R>(fn: (tx: StoreTx) => Promise<R>) => Promise<R>
  read: <R>(fn: (tx: StoreTx) => Promise<R>) => Promise<R>
  /**
   * Runs `fn` with no other action of this store object in between (SQLite: one connection shared by
   * async actions; PostgreSQL: no-op, every transaction has its own pooled connection).
   */
  exclusive: <R>(fn: () => Promise<R>) => Promise<R>
  /** Whether `error` is the database saying "busy, try again later" (a lock or serialization conflict). */
  isBusy: (error: unknown) => boolean
  /**
   * A counter that moves when another connection commits (SQLite's `PRAGMA data_version`), so a
   * watcher can skip reading when nothing changed; absent on PostgreSQL.
   */
  changeCounter?: (() => number) | undefined
  /**
   * Hears other connections' (and processes') committed tip and clock changes as they commit
   * (PostgreSQL `LISTEN`, on a connection of its own); resolves, once listening, to the function that
   * stops. Absent on SQLite.
   */
  listenChainChanges?:
    | ((parameters: ListenChainChangesParameters) => Promise<() => Promise<void>>)
    | undefined
  /**
   * The database's clock, unix ms, as an SQL expression evaluated where it is used: the one clock writer
   * leases are stamped and judged by (`acquireWriterLock`, `renewWriterLock`), so that writers on hosts
   * whose clocks disagree still agree on when a lease expired. PostgreSQL: the server's
   * `clock_timestamp()`. SQLite: the store's `now` (one host by construction, see `createSqliteExecutor`).
   */
  databaseNowMs: () => SQL
  /** Whether `error` is a foreign-key violation. */
  isForeignKeyViolation: (error: unknown) => boolean
  close: () => Promise<void>
}

/**
 * A promise queue: `run(fn)` starts `fn` once every earlier `fn` has settled.
 *
 * @example
 * const queue = createQueue()
 * await queue(async () => 1)
 */
export function createQueue(): <R>(fn: () => Promise<R>) => Promise<R> {
  let last: Promise<unknown> = Promise.resolve()
  return <R>(fn: () => Promise<R>) => {
    const next = last.then(fn, fn)
    last = next.catch(() => undefined)
    return next
  }
}

/**
 * Rows a write changed, from either driver's result (better-sqlite3's `changes`, node-postgres' `rowCount`).
 *
 * @example
 * const removed = await affected(q.delete(t.blocks).where(eq(t.blocks.chainId, 1)))
 */
export async function affected(query: PromiseLike<unknown>): Promise<number> {
  const result = (await query) as { changes?: number; rowCount?: number | null }
  const count = result.changes ?? result.rowCount
  if (typeof count !== 'number') throw new TypeError('The driver reported no count of changed rows.')
  return count
}
