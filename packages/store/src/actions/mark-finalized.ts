import { and, asc, desc, eq, gt, lt, lte, notExists } from 'drizzle-orm'
import { affected, type StoreExecutor, type StoreTx } from '../dialect/executor.js'
import { StoreError } from '../errors.js'
import { assertBlockNumber } from '../internal/normalize.js'
import { assertWriter, type WriterFence } from '../internal/writer-fence.js'
import type { StoredBlock } from '../types.js'
import { readFinalized, toStoredBlock } from './get-tip.js'

export type MarkFinalizedParameters = WriterFence & {
  chainId: number
  /** The chain's finalized block number (from the RPC's `finalized` tag, or head minus the finality depth). */
  blockNumber: number
  /**
   * How much finalized history to keep for reads as of past blocks, in seconds of chain time back from
   * the finalized block's timestamp (`store.retainHistoryDays` of the config). Default 0: keep nothing
   * below the finalized block.
   */
  retainSeconds?: number | undefined
}
export type MarkFinalizedReturnType = {
  /** The highest stored block at or below `blockNumber`, now the rollback floor; null if none is stored. */
  finalized: StoredBlock | null
  /**
   * The oldest block kept, from which reads as of past blocks are answered (`OutsideRetainedHistoryError`
   * below it): the last stored block at or before the window's start; the finalized block itself when
   * `retainSeconds` is 0. Null when nothing is stored.
   */
  retainedFrom: StoredBlock | null
  /** Superseded versions no rollback and no read inside the retained history can need any more. */
  versionsPruned: number
  /** Stored blocks below the retained history, and finalized blocks inside it at which nothing changed. */
  blocksPruned: number
}

/**
 * Marks stored blocks up to `blockNumber` final and prunes what neither a reorg nor a read inside the
 * retained history can need. One transaction.
 *
 * The floor is the highest STORED block at or below `blockNumber` (commits may skip blocks); after this,
 * `rollbackTo` below the floor throws `BelowFinalityError`. The retained history starts at the last
 * stored block whose timestamp is at or before `floor.timestamp - retainSeconds` (so every time inside
 * the window has a block to be read at): position and price versions superseded at or below that block
 * are pruned, and the blocks below it. Between it and the floor only the finalized blocks at which a
 * version starts or ends, or feed rounds were read, are kept: reading at such a block gives what any
 * block up to the next one would (pool states count as versions here too). Current versions are never pruned. With `retainSeconds` 0 the
 * retained history starts at the floor: superseded versions are pruned up to the finalized block.
 *
 * @example
 * await store.markFinalized({ chainId: 1, blockNumber: head - 65, retainSeconds: 30 * 86_400 })
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
    t: { blocks, poolStates, positions, prices },
  } = tx
  await assertWriter(tx, chainId, parameters.writer)
  assertBlockNumber(blockNumber)
  const [row] = await q
    .select()
    .from(blocks)
    .where(and(eq(blocks.chainId, chainId), lte(blocks.number, blockNumber)))
    .orderBy(desc(blocks.number))
    .limit(1)
  if (!row) return { finalized: null, retainedFrom: null, versionsPruned: 0, blocksPruned: 0 }
  const floor = row.number
  const retainSeconds = parameters.retainSeconds ?? 0
  if (!Number.isSafeInteger(retainSeconds) || retainSeconds < 0)
    throw new StoreError(`retainSeconds must be a whole number of seconds ≥ 0, got ${retainSeconds}.`)
  // Blocks from the previous floor up are finalized by this call: only they are new to thin.
  const previous = await readFinalized(tx, chainId)
  await q
    .update(blocks)
    .set({ finalized: true })
    .where(and(eq(blocks.chainId, chainId), lte(blocks.number, floor), eq(blocks.finalized, false)))
  // The last block at or before the window's start (none when every stored block is younger): the
  // block before the first one inside the window. Timestamps grow with the number, so this walks up
  // from the oldest stored block over the blocks about to be pruned only, not down the whole window.
  const [inside] = await q
    .select({ number: blocks.number })
    .from(blocks)
    .where(
      and(
        eq(blocks.chainId, chainId),
        lte(blocks.number, floor),
        gt(blocks.timestamp, row.timestamp - retainSeconds),
      ),
    )
    .orderBy(asc(blocks.number))
    .limit(1)
  const [kept] = inside
    ? await q
        .select()
        .from(blocks)
        .where(and(eq(blocks.chainId, chainId), lt(blocks.number, inside.number)))
        .orderBy(desc(blocks.number))
        .limit(1)
    : [row]
  // Every stored block is younger than the window: the history starts at the oldest one (it is ≤ floor).
  const [start] = kept
    ? [kept]
    : await q.select().from(blocks).where(eq(blocks.chainId, chainId)).orderBy(asc(blocks.number)).limit(1)
  const from = start!.number
  let versionsPruned = 0
  versionsPruned += await affected(
    q.delete(positions).where(and(eq(positions.chainId, chainId), lte(positions.validTo, from))),
  )
  versionsPruned += await affected(
    q.delete(prices).where(and(eq(prices.chainId, chainId), lte(prices.validTo, from))),
  )
  versionsPruned += await affected(
    q.delete(poolStates).where(and(eq(poolStates.chainId, chainId), lte(poolStates.validTo, from))),
  )
  let blocksPruned = await affected(
    q.delete(blocks).where(and(eq(blocks.chainId, chainId), lt(blocks.number, from))),
  )
  if (from < floor)
    blocksPruned += await thinRetainedBlocks(tx, {
      chainId,
      above: Math.max(from, (previous?.number ?? 0) - 1),
      floor,
    })
  return {
    finalized: toStoredBlock({ ...row, finalized: true }),
    retainedFrom: toStoredBlock({ ...start!, finalized: true }),
    versionsPruned,
    blocksPruned,
  }
}

/**
 * Deletes the finalized blocks strictly between `above` and `floor` at which no position, price or pool state
 * version of the chain starts or ends and no feed round was read: a read pinned to the last kept block
 * before a time sees what a read at that time's own block would.
 */
async function thinRetainedBlocks(
  tx: StoreTx,
  { chainId, above, floor }: { chainId: number; above: number; floor: number },
): Promise<number> {
  const {
    q,
    t: { blocks, feedRounds, poolStates, positions, prices },
  } = tx
  // Two conditions, not one OR: the validTo one runs on its index.
  const changedAt = (
    table: typeof positions | typeof prices | typeof poolStates,
    end: 'validFrom' | 'validTo',
  ) =>
    notExists(
      q
        .select({ one: table.chainId })
        .from(table)
        .where(and(eq(table.chainId, chainId), eq(table[end], blocks.number))),
    )
  return affected(
    q.delete(blocks).where(
      and(
        eq(blocks.chainId, chainId),
        gt(blocks.number, above),
        lt(blocks.number, floor),
        changedAt(positions, 'validFrom'),
        changedAt(positions, 'validTo'),
        changedAt(prices, 'validFrom'),
        changedAt(prices, 'validTo'),
        changedAt(poolStates, 'validFrom'),
        changedAt(poolStates, 'validTo'),
        notExists(
          q
            .select({ one: feedRounds.chainId })
            .from(feedRounds)
            .where(and(eq(feedRounds.chainId, chainId), eq(feedRounds.blockNumber, blocks.number))),
        ),
      ),
    ),
  )
}
