import { type AnyColumn, type Placeholder, type SQL, sql } from 'drizzle-orm'
import type { Dialect, StoreQuery } from './executor.js'

/** A read compiled once: run it with the values of its placeholders (`sql.placeholder`). */
export type PreparedRead<R> = { execute: (values?: Record<string, unknown>) => PromiseLike<R> }

/**
 * A drizzle query that can be prepared: SQLite's `.prepare()` ignores the name, PostgreSQL's
 * `.prepare(name)` names the server-side statement.
 */
export type PreparableRead<R> = { prepare: (name: string) => PreparedRead<R> }

/**
 * Returns the read kept under `key`, building and preparing it on first use (`build` gets the
 * connection's query API and must use placeholders for every value that differs between calls of
 * one key: one key, one SQL text).
 */
export type PrepareRead = <R>(key: string, build: (q: StoreQuery) => PreparableRead<R>) => PreparedRead<R>

/** Reads kept per connection: a request of the margin path runs about a dozen shapes. */
export const PREPARED_READS_SIZE = 256

/** Parameters of {@link createPreparedReads}. */
export type CreatePreparedReadsParameters = {
  /** The connection's query API the reads are built and prepared on. */
  q: StoreQuery
  /** The statement name of a key: the same for every connection of one store (PostgreSQL names). */
  nameOf: (key: string) => string
  /** Most reads kept (least recently used dropped first). Default {@link PREPARED_READS_SIZE}. */
  size?: number | undefined
}

/**
 * Prepared reads of one connection: drizzle builds a query's SQL text and its parameter list on
 * every call (`getSQL`, `sqlToQuery`), which was about a quarter of a `margin` request's main-thread
 * time; a read prepared once with placeholders skips both and runs with new values.
 *
 * @example
 * const prepared = createPreparedReads({ q, nameOf: statementNames() })
 * const rows = await prepared('chains:all', (q) => q.select().from(t.chains)).execute()
 */
export function createPreparedReads(parameters: CreatePreparedReadsParameters): PrepareRead {
  const { q, nameOf } = parameters
  const size = parameters.size ?? PREPARED_READS_SIZE
  const kept = new Map<string, PreparedRead<unknown>>()
  return <R>(key: string, build: (q: StoreQuery) => PreparableRead<R>): PreparedRead<R> => {
    let read = kept.get(key) as PreparedRead<R> | undefined
    if (read) kept.delete(key)
    else {
      read = build(q).prepare(nameOf(key))
      if (kept.size >= size) kept.delete(kept.keys().next().value as string)
    }
    // Most recently used last.
    kept.set(key, read)
    return read
  }
}

/**
 * Statement names by key for one store: `xm_1`, `xm_2`, … in order of first use, so a name always
 * stands for one SQL text (PostgreSQL refuses a known name with another text on a connection).
 *
 * @example
 * const nameOf = statementNames()
 * nameOf('chains:all') // 'xm_1'
 */
export function statementNames(): (key: string) => string {
  const names = new Map<string, string>()
  return (key) => {
    let name = names.get(key)
    if (name === undefined) {
      name = `xm_${names.size + 1}`
      names.set(key, name)
    }
    return name
  }
}

/**
 * `column IN (the list)` with the whole list as ONE placeholder, so a prepared read serves a list of
 * any length with one statement and no per-item placeholder to fill (a solvency request reads 1,000
 * wallets): SQLite reads it as JSON (`json_each`), PostgreSQL as an array (`= any`). Pass the
 * value from {@link listValue}.
 *
 * @example
 * q.select().from(t.positions).where(inList(tx.dialect, t.positions.wallet, 'wallets'))
 * // run with { wallets: listValue(tx.dialect, ['0xabc…', '0xdef…']) }
 */
export function inList(dialect: Dialect, column: AnyColumn, name: string): SQL {
  const list = sql.placeholder(name)
  return dialect === 'sqlite'
    ? sql`${column} in (select value from json_each(${list}))`
    : sql`${column} = any(${list})`
}

/**
 * The value of an {@link inList} placeholder: a JSON array on SQLite, the array itself on PostgreSQL
 * (node-postgres sends it as an array literal).
 *
 * @example
 * listValue('sqlite', ['0xabc…']) // '["0xabc…"]'
 */
export function listValue(dialect: Dialect, list: readonly (string | number)[]): unknown {
  return dialect === 'sqlite' ? JSON.stringify(list) : [...list]
}

/** Return type of {@link listPlaceholders}. */
export type ListPlaceholdersReturnType = {
  /** The shape, for the read's key: the padded length. */
  key: string
  refs: Placeholder[]
  values: Record<string, unknown>
}

/**
 * Placeholders for a list of values in an `IN (…)` or `OR` list, its length rounded up to a power
 * of two by repeating the last value (a repeat changes no `IN` or `OR`), so lists of any length
 * share a few prepared shapes rather than one each.
 *
 * @example
 * const ids = listPlaceholders('c', [1, 42161, 8453]) // key '4', refs c0…c3, values { c0: 1, …, c3: 8453 }
 * q.select().from(t.chains).where(inArray(t.chains.chainId, ids.refs))
 */
export function listPlaceholders(prefix: string, list: readonly unknown[]): ListPlaceholdersReturnType {
  const refs: Placeholder[] = []
  const values: Record<string, unknown> = {}
  padList(list).forEach((value, i) => {
    const name = `${prefix}${i}`
    refs.push(sql.placeholder(name))
    values[name] = value
  })
  return { key: String(refs.length), refs, values }
}

/**
 * A list padded to a power-of-two length by repeating its last item (empty stays empty): the
 * shape of a prepared `IN` or `OR` list (see {@link listPlaceholders}).
 *
 * @example
 * padList([1, 2, 3]) // [1, 2, 3, 3]
 */
export function padList<T>(list: readonly T[]): T[] {
  const padded = list.length <= 1 ? list.length : 2 ** Math.ceil(Math.log2(list.length))
  const out = [...list]
  while (out.length < padded) out.push(list[list.length - 1] as T)
  return out
}
