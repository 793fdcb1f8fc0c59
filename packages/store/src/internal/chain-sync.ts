import { eq, inArray } from 'drizzle-orm'
import type { StoreTx } from '../dialect/executor.js'
import { listPlaceholders } from '../dialect/prepared.js'
import type { IncompleteReason } from '../dialect/vocabulary.js'
import type { ChainHead } from '../types.js'

/** A chain's stored completeness: the part of its {@link ChainHead} kept in `chain_sync` (`before-cut` is decided per read). */
type ChainCompleteness = Pick<ChainHead, 'completeFrom'> & {
  incomplete: Exclude<ChainHead['incomplete'], 'before-cut'>
}

/** Reads a chain's completeness (inside a read snapshot or a write transaction). */
export async function readCompleteness(
  { q, t: { chainSync } }: StoreTx,
  chainId: number,
): Promise<ChainCompleteness> {
  const [row] = await q.select().from(chainSync).where(eq(chainSync.chainId, chainId))
  return completenessOf(row)
}

/** The completeness of chains (see {@link readCompleteness}) read in one statement: the answer per chain. */
export async function readCompletenessEach(
  { prepared, t: { chainSync } }: StoreTx,
  chainIds: readonly number[],
): Promise<(chainId: number) => ChainCompleteness> {
  const ids = listPlaceholders('c', chainIds)
  const rows =
    chainIds.length === 0
      ? []
      : await prepared(`completeness:${ids.key}`, (q) =>
          q.select().from(chainSync).where(inArray(chainSync.chainId, ids.refs)),
        ).execute(ids.values)
  const byChain = new Map(rows.map((row) => [row.chainId, row]))
  return (chainId) => completenessOf(byChain.get(chainId))
}

function completenessOf(
  row: { completeFrom: number | null; incompleteReason: IncompleteReason | null } | undefined,
): ChainCompleteness {
  if (!row) return { completeFrom: null, incomplete: 'first-sync' }
  if (row.completeFrom === null)
    return { completeFrom: null, incomplete: row.incompleteReason ?? 'rolled-back' }
  return { completeFrom: row.completeFrom, incomplete: null }
}

/** Starts a complete run at `blockNumber` unless one is already running. Inside the commit's transaction. */
export async function markComplete(tx: StoreTx, chainId: number, blockNumber: number): Promise<void> {
  if ((await readCompleteness(tx, chainId)).completeFrom !== null) return
  const { chainSync } = tx.t
  await tx.q
    .insert(chainSync)
    .values({ chainId, completeFrom: blockNumber, incompleteReason: null })
    .onConflictDoUpdate({
      target: chainSync.chainId,
      set: { completeFrom: blockNumber, incompleteReason: null },
    })
}

/** Ends the chain's complete run (readers then report it UNKNOWN). Inside the rollback's transaction. */
export async function markIncomplete(tx: StoreTx, chainId: number, reason: IncompleteReason): Promise<void> {
  const current = await readCompleteness(tx, chainId)
  const { chainSync } = tx.t
  // Never complete yet: it stays a first sync (a rollback during the first sync changes nothing readers see).
  if (current.incomplete === 'first-sync' && reason === 'rolled-back') return
  await tx.q
    .insert(chainSync)
    .values({ chainId, completeFrom: null, incompleteReason: reason })
    .onConflictDoUpdate({ target: chainSync.chainId, set: { completeFrom: null, incompleteReason: reason } })
}
