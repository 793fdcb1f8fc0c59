import { and, desc, eq, lt, lte } from 'drizzle-orm'
import { affected, type StoreExecutor, type StoreTx } from '../dialect/executor.js'
import { assertBlockNumber } from '../internal/normalize.js'
import { assertWriter, type WriterFence } from '../internal/writer-fence.js'
import type { StoredBlock } from '../types.js'
import { toStoredBlock } from './get-tip.js'

export type MarkFinalizedParameters = WriterFence & {
  chainId: number
  /** The chain's finalized block number (from the RPC's `finalized` tag, or head minus the finality depth). */
  blockNumber: number
}
export type MarkFinalizedReturnType = {
  /** The highest stored block at or below `blockNumber`, now the rollback floor; null if none is stored. */
  finalized: StoredBlock | null
  /** History versions no rollback can need any more. */
  versionsPruned: number
  /** Stored blocks below the new floor. */
  blocksPruned: number
}

/**
 * Marks stored blocks up to `blockNumber` final and prunes what no reorg can need: position and price
 * versions superseded at or below the floor block, and blocks below it (the floor block itself stays as
 * the anchor for ancestor searches). Current versions are never pruned. One transaction.
 *
 * The floor is the highest STORED block at or below `blockNumber` (commits may skip blocks); after this,
 * `rollbackTo` below the floor throws `BelowFinalityError`.
 *
 * @example
 * await store.markFinalized({ chainId: 1, blockNumber: head - 65 })
 */
export function markFinalized(
  db: StoreExecutor,
  parameters: MarkFinalizedParameters,
): Promise<MarkFinalizedReturnType> {
  return db.write((tx) => finalizeInTransaction(tx, parameters))
}

async function finalizeInTransaction(
  tx: StoreTx,
  parameters: MarkFinalizedParameters,
): Promise<MarkFinalizedReturnType> {
  const { chainId, blockNumber } = parameters
  const {
    q,
    t: { blocks, positions, prices },
  } = tx
  await assertWriter(tx, chainId, parameters.writer)
  assertBlockNumber(blockNumber)
  const [row] = await q
    .select()
    .from(blocks)
    .where(and(eq(blocks.chainId, chainId), lte(blocks.number, blockNumber)))
    .orderBy(desc(blocks.number))
    .limit(1)
  if (!row) return { finalized: null, versionsPruned: 0, blocksPruned: 0 }
  const floor = row.number
  await q
    .update(blocks)
    .set({ finalized: true })
    .where(and(eq(blocks.chainId, chainId), lte(blocks.number, floor), eq(blocks.finalized, false)))
  let versionsPruned = 0
  versionsPruned += await affected(
    q.delete(positions).where(and(eq(positions.chainId, chainId), lte(positions.validTo, floor))),
  )
  versionsPruned += await affected(
    q.delete(prices).where(and(eq(prices.chainId, chainId), lte(prices.validTo, floor))),
  )
  const blocksPruned = await affected(
    q.delete(blocks).where(and(eq(blocks.chainId, chainId), lt(blocks.number, floor))),
  )
  return { finalized: toStoredBlock({ ...row, finalized: true }), versionsPruned, blocksPruned }
}
