import { BelowFinalityError } from '../errors.js'
import type { Hash, StoredBlock } from '../types.js'
import type { GetBlocksParameters } from './get-tip.js'

export type FindCommonAncestorParameters = {
  chainId: number
  /**
   * The canonical chain's hash at a block number (the indexer's RPC call, e.g. `getBlock({ blockNumber })`),
   * or null when the chain has no block there (yet).
   */
  getCanonicalHash: (blockNumber: number) => Promise<Hash | null>
  /** Stored blocks fetched per page while walking back. */
  pageSize?: number | undefined
}
export type FindCommonAncestorReturnType = StoredBlock | null

/**
 * Walks the stored blocks of a chain from the tip downwards and returns the highest one whose hash the
 * canonical chain still has: the block to `rollbackTo`. Returns null when no stored block matches and none
 * is finalized (roll back below the lowest stored block). Throws `BelowFinalityError` when a finalized block
 * does not match (a reorg deeper than finality).
 *
 * @example
 * const ancestor = await store.findCommonAncestor({
 *   chainId: 1,
 *   getCanonicalHash: async (blockNumber) => (await client.getBlock({ blockNumber: BigInt(blockNumber) })).hash,
 * })
 */
export async function findCommonAncestor(
  getBlocks: (parameters: GetBlocksParameters) => Promise<StoredBlock[]>,
  parameters: FindCommonAncestorParameters,
): Promise<FindCommonAncestorReturnType> {
  const { chainId, getCanonicalHash, pageSize = 64 } = parameters
  let below: number | undefined
  for (;;) {
    const page = await getBlocks({
      chainId,
      toNumber: below === undefined ? undefined : below - 1,
      order: 'desc',
      limit: pageSize,
    })
    if (page.length === 0) return null
    for (const block of page) {
      const canonical = await getCanonicalHash(block.number)
      if (canonical !== null && canonical.toLowerCase() === block.hash) return block
      if (block.finalized)
        throw new BelowFinalityError({
          chainId,
          blockNumber: block.number - 1,
          finalizedNumber: block.number,
          action: 'find a common ancestor on',
        })
    }
    below = page[page.length - 1]!.number
  }
}
