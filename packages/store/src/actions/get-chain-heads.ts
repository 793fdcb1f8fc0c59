import { asc, inArray } from 'drizzle-orm'
import type { StoreTx } from '../dialect/executor.js'
import { type ChainCompleteness, readCompleteness } from '../internal/chain-sync.js'
import type { Chain, Cursor, Hash, StoredBlock } from '../types.js'
import { getChains } from './chains.js'
import { readFinalized, readTip } from './get-tip.js'

export type GetChainHeadsParameters = { chainIds?: readonly number[] | undefined }
export type ChainHead = ChainCompleteness & {
  chain: Chain
  /** Highest stored block, null before the first commit. */
  tip: StoredBlock | null
  /** Rollback floor (highest finalized stored block). */
  finalized: StoredBlock | null
  cursors: Cursor[]
}
export type GetChainHeadsReturnType = ChainHead[]

/**
 * Per chain: its config, stored tip, finalized floor, sync cursors and completeness, for freshness
 * metadata and lag. Reads run in one transaction, so the figures of all chains are one consistent
 * snapshot. A chain whose `completeFrom` is null has no complete read of its tracked wallets stored
 * (first sync, a rollback below its last full read, a reset): its positions must not be reported.
 *
 * @example
 * for (const { chain, tip } of await store.getChainHeads()) console.log(chain.chainId, tip?.number)
 */
export async function getChainHeads(
  tx: StoreTx,
  parameters: GetChainHeadsParameters = {},
): Promise<GetChainHeadsReturnType> {
  const {
    q,
    t: { syncCursors },
  } = tx
  const cursorRows = await q
    .select()
    .from(syncCursors)
    .where(parameters.chainIds ? inArray(syncCursors.chainId, [...parameters.chainIds]) : undefined)
    .orderBy(asc(syncCursors.chainId), asc(syncCursors.source))
  const heads: GetChainHeadsReturnType = []
  for (const chain of await getChains(tx, parameters))
    heads.push({
      chain,
      tip: await readTip(tx, chain.chainId),
      finalized: await readFinalized(tx, chain.chainId),
      ...(await readCompleteness(tx, chain.chainId)),
      cursors: cursorRows
        .filter((row) => row.chainId === chain.chainId)
        .map((row) => ({ ...row, blockHash: row.blockHash as Hash | null })),
    })
  return heads
}
