import { BelowFinalityError, type Store } from '@xmargin/store'
import { BlockNotFoundError, type PublicClient } from 'viem'
import type { IndexerChain } from '../types.js'
import { type ProcessBlockReturnType, readBlock } from './process-block.js'

/** Return type of {@link handleReorg}. */
export type HandleReorgReturnType =
  /**
   * Rolled back to the common ancestor; `replacement` is the new fork's next block, read in full and
   * committed in the rollback's transaction (null when the chain has no block above the ancestor).
   */
  | { kind: 'reorg'; ancestor: number; blocksRemoved: number; replacement: ProcessBlockReturnType | null }
  /**
   * The reorg went below the finalized block (or below every stored block): nothing stored can be
   * trusted, so the chain was reset and is indexed again from its start block (UNKNOWN meanwhile).
   */
  | { kind: 'reindex'; blocksRemoved: number; finalizedBlock: number | null }

/**
 * Handles a reorg so that no reader ever sees a state built on missing or orphaned blocks:
 * - walks back by hash from the stored tip to the newest block the chain still has (the common
 *   ancestor), reads the new fork's next block in full (every tracked wallet, diffed against the
 *   ancestor's positions), and rolls back and commits that block in ONE transaction. A rollback
 *   below the chain's first snapshot would otherwise leave readers a chain with no position at all.
 * - a reorg deeper than finality (the finalized block is no longer canonical: its history is pruned)
 *   resets the chain in one transaction; the next step indexes it again from its start block (a
 *   discovery scan, then a full snapshot), and the chain reads `reindexing` until then.
 *
 * @example
 * const result = await handleReorg({ chain, store })
 */
export async function handleReorg(parameters: {
  chain: IndexerChain
  store: Store
}): Promise<HandleReorgReturnType> {
  const { chain, store } = parameters
  const { chainId, client } = chain
  let ancestor: Awaited<ReturnType<Store['findCommonAncestor']>>
  let finalizedBlock: number | null = null
  try {
    ancestor = await store.findCommonAncestor({
      chainId,
      getCanonicalHash: async (blockNumber) =>
        (await canonicalBlock(client, BigInt(blockNumber)))?.hash ?? null,
    })
  } catch (error) {
    if (!(error instanceof BelowFinalityError)) throw error
    ancestor = null
    finalizedBlock = error.finalizedNumber
  }
  if (!ancestor) {
    const reset = await store.resetChain({ chainId })
    return { kind: 'reindex', blocksRemoved: reset.blocksRemoved, finalizedBlock }
  }
  const next = await canonicalBlock(client, BigInt(ancestor.number) + 1n)
  if (!next) {
    // The chain got shorter: nothing to replace the removed blocks with yet. The store marks the
    // chain incomplete until the next block is read in full.
    const result = await store.rollbackTo({ chainId, blockNumber: ancestor.number })
    return {
      kind: 'reorg',
      ancestor: ancestor.number,
      blocksRemoved: result.blocksRemoved,
      replacement: null,
    }
  }
  const block = await client.getBlock({ blockHash: next.hash as `0x${string}`, includeTransactions: true })
  const { commit, result } = await readBlock({
    chain,
    store,
    block,
    fullSnapshot: true,
    storedAt: ancestor.number,
  })
  // The store checks that the block extends the ancestor inside the transaction: a second reorg
  // meanwhile fails the whole call (ParentHashMismatchError) and leaves the old fork in place.
  // The rollback clears the chain's clock; the replacement sets it again in the same transaction to
  // its own timestamp (every block earlier in time is at or below the ancestor, all stored), so the
  // chain never sits complete without a clock, served at its tip outside the one cut.
  const rolled = await store.rollbackTo({
    chainId,
    blockNumber: ancestor.number,
    replacement: { ...commit, clock: Number(block.timestamp) },
  })
  return {
    kind: 'reorg',
    ancestor: ancestor.number,
    blocksRemoved: rolled.blocksRemoved,
    replacement: {
      ...result,
      positionsWritten: rolled.replacement?.positionsWritten ?? 0,
      pricesWritten: rolled.replacement?.pricesWritten ?? 0,
    },
  }
}

/**
 * The chain's block at `blockNumber`, or null when the chain has no such block (it got shorter).
 * Any other failure throws: a timeout is not evidence of a reorg.
 *
 * @example
 * const block = await canonicalBlock(client, 120n)
 */
export async function canonicalBlock(client: PublicClient, blockNumber: bigint) {
  try {
    return await client.getBlock({ blockNumber })
  } catch (error) {
    if (error instanceof BlockNotFoundError) return null
    throw error
  }
}
