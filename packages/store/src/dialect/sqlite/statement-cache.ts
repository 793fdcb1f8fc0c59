import type Database from 'better-sqlite3'

/** Statements kept per connection: the store's actions build a few dozen distinct texts. */
export const STATEMENT_CACHE_SIZE = 512

/** Parameters of {@link withStatementCache}. */
export type WithStatementCacheParameters = {
  sqlite: Database.Database
  /** Most statements kept (least recently used dropped first). Default {@link STATEMENT_CACHE_SIZE}. */
  size?: number | undefined
}
/** Return type of {@link withStatementCache}: the connection, its `prepare` answering from the cache. */
export type WithStatementCacheReturnType = Database.Database

/**
 * The connection for drizzle with its compiled statements kept by SQL text: drizzle prepares every
 * query it runs (`client.prepare(sql)`), and SQLite compiling the same few dozen texts again on each
 * API request was a tenth of a `margin` request's main-thread profile. A statement is handed out
 * reset to the default row mode (drizzle turns `raw()` on for the queries it maps from arrays).
 * better-sqlite3 runs a statement to completion in one call (the store never iterates), so reusing
 * one is safe; SQLite recompiles a kept statement by itself after a schema change.
 *
 * @example
 * const db = drizzle(withStatementCache({ sqlite }), { schema })
 */
export function withStatementCache(parameters: WithStatementCacheParameters): WithStatementCacheReturnType {
  const { sqlite } = parameters
  const size = parameters.size ?? STATEMENT_CACHE_SIZE
  const cache = new Map<string, Database.Statement>()
  const prepare = (source: string): Database.Statement => {
    let statement = cache.get(source)
    if (statement) cache.delete(source)
    else {
      statement = sqlite.prepare(source)
      if (cache.size >= size) cache.delete(cache.keys().next().value as string)
    }
    // Most recently used last.
    cache.set(source, statement)
    if (statement.reader) statement.raw(false)
    return statement
  }
  return new Proxy(sqlite, {
    get(target, key) {
      if (key === 'prepare') return prepare
      const value: unknown = Reflect.get(target, key, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}
