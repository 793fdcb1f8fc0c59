/**
 * Answers of the store's request reads, kept while the database has not changed. The API reads the
 * same heads, prices and positions for every request between two blocks (hundreds of requests a
 * second against one commit every few seconds); a kept answer costs one `PRAGMA data_version` and a
 * key instead of the statements and their row mapping.
 *
 * When the database has changed: SQLite's `data_version` moves when another connection (another
 * process's indexer, another store object) commits; it does not move for this connection's own
 * writes, so every action of this store that is not a kept read counts as a change too (`change`).
 * Every kept answer is dropped at the first read that sees either move: all kept answers are of one
 * version of the database, like the reads of one snapshot.
 *
 * A kept answer is shared by every caller that asks the same: it is frozen (deeply) when kept, so a
 * caller that modified it would fail loudly instead of changing another request's answer.
 */
export type ReadCache = {
  /** The answer kept for `key` at the database's current version, or `read()`'s, kept. */
  read: <R>(key: string, read: () => Promise<R>) => Promise<R>
  /** This store is about to run, or has run, an action that may write: drop every kept answer. */
  change: () => void
}

/** Parameters of {@link createReadCache}. */
export type CreateReadCacheParameters = {
  /** A counter that moves when another connection commits (SQLite's `PRAGMA data_version`). */
  changeCounter: () => number
  /**
   * Most rows kept at once, over all answers (an answer that is a list weighs its length, any other
   * one row); the oldest answers go first. 0 keeps nothing.
   */
  maxRows: number
}

/**
 * Creates the read cache of one store connection. Callers run each `read` and `change` alone on the
 * connection (the store's `exclusive` queue), so no write of this store falls between a read's
 * version check and its statements.
 *
 * @example
 * const cache = createReadCache({ changeCounter: () => Number(sqlite.pragma('data_version', { simple: true })), maxRows: 20_000 })
 * const heads = await cache.read(`getChainHeads:${readCacheKey(parameters)}`, () => getChainHeads(tx, parameters))
 */
export function createReadCache(parameters: CreateReadCacheParameters): ReadCache {
  const { changeCounter, maxRows } = parameters
  const kept = new Map<string, { answer: unknown; rows: number }>()
  let keptRows = 0
  let ownChanges = 0
  let keptAt: string | undefined
  const version = () => `${changeCounter()}:${ownChanges}`
  return {
    async read<R>(key: string, read: () => Promise<R>): Promise<R> {
      const now = version()
      if (now !== keptAt) {
        kept.clear()
        keptRows = 0
        keptAt = now
      } else {
        const hit = kept.get(key)
        if (hit) return hit.answer as R
      }
      const answer = await read()
      const rows = Array.isArray(answer) ? answer.length + 1 : 1
      // Kept only when nothing moved while it was read (a write of this store cannot run meanwhile;
      // another connection's commit can, and then the answer may be of the newer version).
      if (rows <= maxRows && version() === now) {
        for (const [oldest, entry] of kept) {
          if (keptRows + rows <= maxRows) break
          kept.delete(oldest)
          keptRows -= entry.rows
        }
        kept.set(key, { answer: deepFreeze(answer), rows })
        keptRows += rows
      }
      return answer
    },
    change() {
      ownChanges++
    },
  }
}

/**
 * The cache key of a read's parameters: JSON, bigints as `<digits>n` (parameters are plain data).
 *
 * @example
 * readCacheKey({ chainIds: [1, 10] }) // '{"chainIds":[1,10]}'
 */
export function readCacheKey(parameters: unknown): string {
  return JSON.stringify(parameters ?? null, (_key, value) =>
    typeof value === 'bigint' ? `${value}n` : value,
  )
}

function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value) || ArrayBuffer.isView(value))
    return value
  Object.freeze(value)
  for (const field of Object.values(value)) deepFreeze(field)
  return value
}
