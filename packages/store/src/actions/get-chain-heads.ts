import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm'
import type { StoreTx } from '../dialect/executor.js'
import { listPlaceholders } from '../dialect/prepared.js'
import { readCompletenessEach } from '../internal/chain-sync.js'
import type { ChainHead, Hash, StoredBlock } from '../types.js'
import { readClocks } from './chain-clocks.js'
import { getChains } from './chains.js'
import { readTipsAndFinalized, toStoredBlock } from './get-tip.js'

export type GetChainHeadsParameters = { chainIds?: readonly number[] | undefined }
export type GetChainHeadsReturnType = ChainHead[]

/**
 * Per chain: its config, stored tip, finalized floor, sync cursors and completeness, for freshness
 * metadata and lag. Reads run in one transaction, so the figures of all chains are one consistent
 * snapshot. A chain whose `completeFrom` is null has no complete read of its tracked wallets stored
 * (first sync, a rollback below its last full read, a reset): its positions must not be reported.
 *
 * **One cut in time.** Readers pin each chain to its `served` block, not its tip: the chains are cut
 * at one time, the lowest of their clocks, and each serves its highest block below it. A change
 * mined on several chains at one timestamp (a price shock on every chain) is therefore served on all
 * of them or on none, however the indexers' commits interleave. The cost is that a view lags its
 * slowest chain's clock (about a polling interval; up to a second more on chains with one-second
 * timestamps), and a chain whose indexer stalls holds every chain back to its clock, so every chain
 * ages and turns stale together rather than a report mixing moments. A chain without a clock takes
 * no part and is served at its tip: one still backfilling (complete, but its tip far behind; it
 * turns stale by age rather than hold every chain back), or one whose blocks were rolled back
 * without a replacement (incomplete, so not reported anyway). A reorg's replacement block is
 * committed with a clock.
 * There is no skew allowance: a chain whose time was moved alone (a devnet `evm_increaseTime`) has
 * its later blocks served once the others' clocks catch up (`mineTogether` aligns them).
 *
 * @example
 * for (const { chain, served } of await store.getChainHeads()) console.log(chain.chainId, served?.number)
 */
export async function getChainHeads(
  db: StoreTx,
  parameters: GetChainHeadsParameters = {},
): Promise<GetChainHeadsReturnType> {
  const { syncCursors } = db.t
  const ids = parameters.chainIds && listPlaceholders('c', parameters.chainIds)
  const cursorRows =
    ids?.refs.length === 0
      ? []
      : await db
          .prepared(`cursors:${ids?.key ?? 'all'}`, (q) =>
            q
              .select()
              .from(syncCursors)
              .where(ids ? inArray(syncCursors.chainId, ids.refs) : undefined)
              .orderBy(asc(syncCursors.chainId), asc(syncCursors.source)),
          )
          .execute(ids?.values)
  const chains = await getChains(db, parameters)
  // Each read covers every chain in one statement (a request reads the heads first, every time).
  const chainIds = chains.map((chain) => chain.chainId)
  const blocks = await readTipsAndFinalized(db, chainIds)
  const clocks = await readClocks(db, chainIds)
  const completeness = await readCompletenessEach(db, chainIds)
  const rows = chains.map((chain) => {
    const tip = blocks.get(chain.chainId)?.tip ?? null
    const stored = clocks.get(chain.chainId) ?? null
    return {
      chain,
      tip,
      finalized: blocks.get(chain.chainId)?.finalized ?? null,
      // Every block below the tip's timestamp is stored too (timestamps never decrease).
      clock: stored === null || tip === null ? null : Math.max(stored, tip.timestamp),
      ...completeness(chain.chainId),
      cursors: cursorRows
        .filter((row) => row.chainId === chain.chainId)
        .map((row) => ({
          source: row.source,
          blockNumber: row.blockNumber,
          blockHash: row.blockHash as Hash | null,
        })),
    }
  })
  const rowClocks = rows.flatMap((row) => (row.clock === null ? [] : [row.clock]))
  const cutTime = rowClocks.length > 0 ? Math.min(...rowClocks) : null
  const heads: GetChainHeadsReturnType = []
  for (const row of rows) {
    const takesPart = cutTime !== null && row.clock !== null
    const served = takesPart
      ? await servedBlock(db, row.chain.chainId, cutTime, row.tip, row.finalized)
      : row.tip
    // A complete run that starts above the served block does not cover it: not reportable there yet.
    const before = served !== null && row.completeFrom !== null && served.number < row.completeFrom
    heads.push({
      ...row,
      served,
      cutTime: takesPart ? cutTime : null,
      incomplete: row.incomplete ?? (served === null ? 'first-sync' : before ? 'before-cut' : null),
    })
  }
  return heads
}

/** The highest stored block below `cutTime`, kept at or above the finalized floor. */
async function servedBlock(
  { prepared, t: { blocks } }: StoreTx,
  chainId: number,
  cutTime: number,
  tip: StoredBlock | null,
  finalized: StoredBlock | null,
): Promise<StoredBlock | null> {
  if (tip === null || tip.timestamp < cutTime) return tip
  const [row] = await prepared('served-block', (q) =>
    q
      .select()
      .from(blocks)
      .where(
        and(eq(blocks.chainId, sql.placeholder('chainId')), lt(blocks.timestamp, sql.placeholder('cutTime'))),
      )
      .orderBy(desc(blocks.number))
      .limit(1),
  ).execute({ chainId, cutTime })
  const below = row ? toStoredBlock(row) : null
  if (finalized && (below === null || below.number < finalized.number)) return finalized
  return below ?? tip
}
