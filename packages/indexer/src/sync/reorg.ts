import type { Store } from '@xmargin/store'
import { BlockNotFoundError, type PublicClient } from 'viem'
import { IndexerError } from '../errors.js'
import type { IndexerChain } from '../types.js'

export type HandleReorgReturnType = { ancestor: number; blocksRemoved: number }

/**
 * Walks back by hash from the stored tip to the newest block the chain still has, and rolls every
 * row written above it back in one transaction. A reorg deeper than the kept history (below
 * finality) is an error: the data can't be repaired by rollback.
 *
 * @example
 * const { ancestor } = await handleReorg({ chain, store })
 */
export async function handleReorg(parameters: {
  chain: IndexerChain
  store: Store
}): Promise<HandleReorgReturnType> {
  const { chain, store } = parameters
  const ancestor = await store.findCommonAncestor({
    chainId: chain.chainId,
    getCanonicalHash: async (blockNumber) =>
      (await canonicalBlock(chain.client, BigInt(blockNumber)))?.hash ?? null,
  })
  if (!ancestor) {
    throw new IndexerError(`Reorg on chain ${chain.chainId} goes below every stored block.`, {
      details: 'The finalized history no longer matches the chain; re-index this chain from scratch.',
    })
  }
  const result = await store.rollbackTo({ chainId: chain.chainId, blockNumber: ancestor.number })
  return { ancestor: ancestor.number, blocksRemoved: result.blocksRemoved }
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
