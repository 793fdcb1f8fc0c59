import { eq } from 'drizzle-orm'
import type { SqliteExecutor, SqliteTransaction } from '../dialect/sqlite/open-database.js'
import { chainSync, type IncompleteReason } from '../dialect/sqlite/schema.js'

/** A chain's completeness as readers see it. */
export type ChainCompleteness = {
  /** Block of the full read that started the current complete run; null while incomplete. */
  completeFrom: number | null
  /**
   * Why the stored positions are not a complete read: `first-sync` (no full read yet), `rolled-back`
   * (a rollback went below the last full read and was not replaced by one), `reindexing` (the chain
   * was reset, e.g. after a reorg deeper than finality). Null when complete.
   */
  incomplete: IncompleteReason | 'first-sync' | null
}

/** Reads a chain's completeness (inside a read snapshot or a write transaction). */
export function readCompleteness(db: SqliteExecutor, chainId: number): ChainCompleteness {
  const row = db.select().from(chainSync).where(eq(chainSync.chainId, chainId)).get()
  if (!row) return { completeFrom: null, incomplete: 'first-sync' }
  if (row.completeFrom === null)
    return { completeFrom: null, incomplete: row.incompleteReason ?? 'rolled-back' }
  return { completeFrom: row.completeFrom, incomplete: null }
}

/** Starts a complete run at `blockNumber` unless one is already running. Inside the commit's transaction. */
export function markComplete(tx: SqliteTransaction, chainId: number, blockNumber: number): void {
  if (readCompleteness(tx, chainId).completeFrom !== null) return
  tx.insert(chainSync)
    .values({ chainId, completeFrom: blockNumber, incompleteReason: null })
    .onConflictDoUpdate({
      target: chainSync.chainId,
      set: { completeFrom: blockNumber, incompleteReason: null },
    })
    .run()
}

/** Ends the chain's complete run (readers then report it UNKNOWN). Inside the rollback's transaction. */
export function markIncomplete(tx: SqliteTransaction, chainId: number, reason: IncompleteReason): void {
  const current = readCompleteness(tx, chainId)
  // Never complete yet: it stays a first sync (a rollback during the first sync changes nothing readers see).
  if (current.incomplete === 'first-sync' && reason === 'rolled-back') return
  tx.insert(chainSync)
    .values({ chainId, completeFrom: null, incompleteReason: reason })
    .onConflictDoUpdate({ target: chainSync.chainId, set: { completeFrom: null, incompleteReason: reason } })
    .run()
}
