import { eq } from 'drizzle-orm'
import { affected, type StoreExecutor } from '../dialect/executor.js'
import { UnknownChainError } from '../errors.js'
import { markIncomplete } from '../internal/chain-sync.js'
import { assertWriter, type WriterFence } from '../internal/writer-fence.js'
import { clearClock } from './chain-clocks.js'

export type ResetChainParameters = WriterFence & { chainId: number }
export type ResetChainReturnType = { blocksRemoved: number; versionsRemoved: number; cursorsRemoved: number }

/**
 * Forgets everything indexed on one chain, in ONE transaction: its blocks, sync cursors and every
 * position, price and pool state version; the chain is marked incomplete (`reindexing`) until a complete commit
 * (the indexer's next full snapshot). Tracked wallets, accounts, assets and other chains stay.
 * What the indexer does when a reorg went below the finalized block, whose history is pruned: the
 * chain is indexed again from its start block instead of staying on the orphaned fork.
 *
 * @example
 * await store.resetChain({ chainId: 1 })
 */
export function resetChain(
  db: StoreExecutor,
  parameters: ResetChainParameters,
): Promise<ResetChainReturnType> {
  const { chainId } = parameters
  return db.write(async (tx) => {
    tx.chainMoved?.(parameters.chainId)
    const { q, t } = tx
    const { blocks, chains, feedRounds, poolStates, positions, prices, syncCursors } = t
    await assertWriter(tx, parameters.chainId, parameters.writer)
    const [known] = await q.select({ id: chains.chainId }).from(chains).where(eq(chains.chainId, chainId))
    if (!known) throw new UnknownChainError({ chainId })
    const versionsRemoved =
      (await affected(q.delete(positions).where(eq(positions.chainId, chainId)))) +
      (await affected(q.delete(prices).where(eq(prices.chainId, chainId)))) +
      (await affected(q.delete(poolStates).where(eq(poolStates.chainId, chainId)))) +
      (await affected(q.delete(feedRounds).where(eq(feedRounds.chainId, chainId))))
    const cursorsRemoved = await affected(q.delete(syncCursors).where(eq(syncCursors.chainId, chainId)))
    const blocksRemoved = await affected(q.delete(blocks).where(eq(blocks.chainId, chainId)))
    await markIncomplete(tx, chainId, 'reindexing')
    await clearClock(tx, chainId)
    return { blocksRemoved, versionsRemoved, cursorsRemoved }
  })
}
