import { asc, inArray } from 'drizzle-orm'
import type { SqliteExecutor } from '../dialect/sqlite/open-database.js'
import { syncCursors } from '../dialect/sqlite/schema.js'
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
export function getChainHeads(
  db: SqliteExecutor,
  parameters: GetChainHeadsParameters = {},
): GetChainHeadsReturnType {
  const cursorRows = db
    .select()
    .from(syncCursors)
    .where(parameters.chainIds ? inArray(syncCursors.chainId, [...parameters.chainIds]) : undefined)
    .orderBy(asc(syncCursors.chainId), asc(syncCursors.source))
    .all()
  return getChains(db, parameters).map((chain) => ({
    chain,
    tip: readTip(db, chain.chainId),
    finalized: readFinalized(db, chain.chainId),
    ...readCompleteness(db, chain.chainId),
    cursors: cursorRows
      .filter((row) => row.chainId === chain.chainId)
      .map((row) => ({ ...row, blockHash: row.blockHash as Hash | null })),
  }))
}
