import { and, eq, gt } from 'drizzle-orm'
import { affected, type StoreExecutor, type StoreTx } from '../dialect/executor.js'
import { BelowFinalityError, UnknownChainError } from '../errors.js'
import { markIncomplete } from '../internal/chain-sync.js'
import { assertBlockNumber } from '../internal/normalize.js'
import { assertWriter, type WriterFence } from '../internal/writer-fence.js'
import { clearClock } from './chain-clocks.js'
import {
  type CommitBlockParameters,
  type CommitBlockReturnType,
  commitInTransaction,
} from './commit-block.js'
import { readFinalized } from './get-tip.js'

export type RollbackToParameters = WriterFence & {
  chainId: number
  /** The common ancestor: this block and everything below it stay. */
  blockNumber: number
  /**
   * The canonical block after the ancestor, read in full (`complete: true`), committed in the SAME
   * transaction: readers go from the old fork straight to the new one and never see the rolled-back
   * state alone, whose positions may be incomplete (a rollback below the chain's first snapshot
   * removes every position). Without it, the chain is marked incomplete (`rolled-back`) until the next
   * complete commit.
   */
  replacement?: Omit<CommitBlockParameters, 'chainId'> | undefined
}
export type RollbackToReturnType = {
  blocksRemoved: number
  /** Position, price and pool state versions written above `blockNumber` and removed. */
  versionsRemoved: number
  /** Versions that were current at `blockNumber` and are current again. */
  versionsRestored: number
  cursorsReset: number
  /** Feed rounds read above `blockNumber` and removed. */
  feedRoundsRemoved: number
  /** What the replacement commit wrote, when one was given. */
  replacement: CommitBlockReturnType | null
}

/**
 * Undoes every write of a chain above `blockNumber`, in ONE transaction: removes the position, price and
 * pool state versions written above it, makes current again the versions that were current at it (so a
 * set → delete → set inside the range restores exactly the pre-range row), deletes the blocks above it and
 * moves cursors above it back to it. Other chains are not touched.
 *
 * Throws `BelowFinalityError` when `blockNumber` is below the chain's finalized block (history is pruned there).
 * Tracked wallets discovered in the removed blocks stay tracked. The chain's complete run ends
 * (`getChainHeads` reports it `rolled-back`) unless a complete `replacement` block is committed in the
 * same transaction; a `replacement` that does not extend the ancestor (`ParentHashMismatchError`)
 * undoes the whole call.
 *
 * @example
 * const ancestor = await store.findCommonAncestor({ chainId: 1, getCanonicalHash })
 * await store.rollbackTo({ chainId: 1, blockNumber: ancestor.number })
 */
export function rollbackTo(
  db: StoreExecutor,
  parameters: RollbackToParameters,
): Promise<RollbackToReturnType> {
  return db.write((tx) => {
    tx.chainMoved?.(parameters.chainId)
    return rollbackInTransaction(tx, parameters)
  })
}

async function rollbackInTransaction(
  tx: StoreTx,
  parameters: RollbackToParameters,
): Promise<RollbackToReturnType> {
  const { chainId, blockNumber: n } = parameters
  const {
    q,
    t: { blocks, chains, feedRounds, poolStates, positions, prices, syncCursors },
  } = tx
  await assertWriter(tx, chainId, parameters.writer)
  assertBlockNumber(n)
  const [known] = await q.select({ id: chains.chainId }).from(chains).where(eq(chains.chainId, chainId))
  if (!known) throw new UnknownChainError({ chainId })
  const finalized = await readFinalized(tx, chainId)
  if (finalized && n < finalized.number)
    throw new BelowFinalityError({
      chainId,
      blockNumber: n,
      finalizedNumber: finalized.number,
      action: 'roll back',
    })

  let versionsRemoved = 0
  let versionsRestored = 0
  // Order matters: remove the versions born above n first, then reopen the one version per key whose
  // range [validFrom, validTo) contains n (ranges of one key are disjoint, so there is at most one).
  versionsRemoved += await affected(
    q.delete(positions).where(and(eq(positions.chainId, chainId), gt(positions.validFrom, n))),
  )
  versionsRestored += await affected(
    q
      .update(positions)
      .set({ validTo: null })
      .where(and(eq(positions.chainId, chainId), gt(positions.validTo, n))),
  )
  versionsRemoved += await affected(
    q.delete(prices).where(and(eq(prices.chainId, chainId), gt(prices.validFrom, n))),
  )
  versionsRestored += await affected(
    q
      .update(prices)
      .set({ validTo: null })
      .where(and(eq(prices.chainId, chainId), gt(prices.validTo, n))),
  )

  versionsRemoved += await affected(
    q.delete(poolStates).where(and(eq(poolStates.chainId, chainId), gt(poolStates.validFrom, n))),
  )
  versionsRestored += await affected(
    q
      .update(poolStates)
      .set({ validTo: null })
      .where(and(eq(poolStates.chainId, chainId), gt(poolStates.validTo, n))),
  )

  // Feed rounds are not versioned: a round read above n is deleted (read again on the new fork).
  const feedRoundsRemoved = await affected(
    q.delete(feedRounds).where(and(eq(feedRounds.chainId, chainId), gt(feedRounds.blockNumber, n))),
  )

  const blocksRemoved = await affected(
    q.delete(blocks).where(and(eq(blocks.chainId, chainId), gt(blocks.number, n))),
  )
  const [ancestor] = await q
    .select({ hash: blocks.hash })
    .from(blocks)
    .where(and(eq(blocks.chainId, chainId), eq(blocks.number, n)))
  const cursorsReset = await affected(
    q
      .update(syncCursors)
      .set({ blockNumber: n, blockHash: ancestor?.hash ?? null })
      .where(and(eq(syncCursors.chainId, chainId), gt(syncCursors.blockNumber, n))),
  )
  if (blocksRemoved > 0 || versionsRemoved > 0) await markIncomplete(tx, chainId, 'rolled-back')
  // Blocks below the chain's clock may be gone: its indexer sets it again once it has them all.
  if (blocksRemoved > 0) await clearClock(tx, chainId)
  const replacement = parameters.replacement
    ? await commitInTransaction(tx, { ...parameters.replacement, chainId })
    : null
  return { blocksRemoved, versionsRemoved, versionsRestored, cursorsReset, feedRoundsRemoved, replacement }
}
