import { eq } from 'drizzle-orm'
import type { SqliteDatabase } from '../dialect/sqlite/open-database.js'
import { blocks, chains, feedRounds, positions, prices, syncCursors } from '../dialect/sqlite/schema.js'
import { UnknownChainError } from '../errors.js'
import { markIncomplete } from '../internal/chain-sync.js'
import { assertWriter, type WriterFence } from '../internal/writer-fence.js'
import { clearClock } from './chain-clocks.js'

export type ResetChainParameters = WriterFence & { chainId: number }
export type ResetChainReturnType = { blocksRemoved: number; versionsRemoved: number; cursorsRemoved: number }

/**
 * Forgets everything indexed on one chain, in ONE transaction: its blocks, sync cursors and every
 * position and price version; the chain is marked incomplete (`reindexing`) until a complete commit
 * (the indexer's next full snapshot). Tracked wallets, accounts, assets and other chains stay.
 * What the indexer does when a reorg went below the finalized block, whose history is pruned: the
 * chain is indexed again from its start block instead of staying on the orphaned fork.
 *
 * @example
 * await store.resetChain({ chainId: 1 })
 */
export function resetChain(db: SqliteDatabase, parameters: ResetChainParameters): ResetChainReturnType {
  const { chainId } = parameters
  return db.transaction(
    (tx) => {
      assertWriter(tx, parameters.chainId, parameters.writer)
      if (!tx.select({ id: chains.chainId }).from(chains).where(eq(chains.chainId, chainId)).get())
        throw new UnknownChainError({ chainId })
      const versionsRemoved =
        tx.delete(positions).where(eq(positions.chainId, chainId)).run().changes +
        tx.delete(prices).where(eq(prices.chainId, chainId)).run().changes +
        tx.delete(feedRounds).where(eq(feedRounds.chainId, chainId)).run().changes
      const cursorsRemoved = tx.delete(syncCursors).where(eq(syncCursors.chainId, chainId)).run().changes
      const blocksRemoved = tx.delete(blocks).where(eq(blocks.chainId, chainId)).run().changes
      markIncomplete(tx, chainId, 'reindexing')
      clearClock(tx, chainId)
      return { blocksRemoved, versionsRemoved, cursorsRemoved }
    },
    { behavior: 'immediate' },
  )
}
