import { eq } from 'drizzle-orm'
import type { StoreExecutor, StoreTx } from '../dialect/executor.js'
import { BlockNotAfterTipError, ParentHashMismatchError, UnknownChainError } from '../errors.js'
import { markComplete } from '../internal/chain-sync.js'
import { assertBlockNumber, assertHash, chunk, lower } from '../internal/normalize.js'
import { writeFeedRounds } from '../internal/write-feed-rounds.js'
import { writePoolStates } from '../internal/write-pool-states.js'
import { writePositions, writePrices } from '../internal/write-versions.js'
import { assertWriter, type WriterFence } from '../internal/writer-fence.js'
import type {
  Address,
  BlockHeader,
  FeedRoundWrite,
  PoolStateWrite,
  PositionId,
  PositionWrite,
  PriceWrite,
} from '../types.js'
import { advanceClockInTransaction } from './chain-clocks.js'
import { readTip } from './get-tip.js'

export type CommitBlockParameters = WriterFence & {
  chainId: number
  block: BlockHeader
  /** Positions read at this block: `upserts` set a new value, `deletes` close a position (it no longer exists). */
  positions?:
    | { upserts?: readonly PositionWrite[]; deletes?: readonly Omit<PositionId, 'chainId'>[] }
    | undefined
  /** Feed answers read at this block. An answer equal to the current one is not re-versioned. */
  prices?: readonly PriceWrite[] | undefined
  /** Uniswap v3 pool states read at this block. A state equal to the current one is not re-versioned. */
  poolStates?: readonly PoolStateWrite[] | undefined
  /** Feed rounds (price history) read at this block; rounds already stored are kept as they are. */
  feedRounds?: readonly FeedRoundWrite[] | undefined
  /** Wallets discovered from this block's events; tracked in the same transaction (not undone by a rollback). */
  discoveredWallets?: readonly Address[] | undefined
  /** Sync sources whose cursor moves to this block. */
  cursors?: readonly string[] | undefined
  /**
   * The positions are a full read of every tracked wallet at this block (a snapshot, or a block after
   * a rollback that re-read everyone): the chain's stored positions are complete from here on, and
   * readers may report it again (see `getChainHeads`' `completeFrom`).
   */
  complete?: boolean | undefined
  /**
   * The chain's clock this block completes (see `advanceChainClock`): the pending-block timestamp
   * read before a head that is this block (or, for a reorg's replacement block, its own timestamp).
   * Advanced in the same transaction, so no reader sees the block without it: a chain whose stored
   * tip has no clock takes no part in the cut and is served at its tip, outside the moment the other
   * chains share.
   */
  clock?: number | undefined
}
export type CommitBlockReturnType = {
  /** Position versions written (unchanged re-reads are skipped). */
  positionsWritten: number
  positionsDeleted: number
  pricesWritten: number
  /** Pool state versions written (unchanged pools are skipped). */
  poolStatesWritten: number
  /** Feed rounds inserted (rounds already stored are not counted). */
  feedRoundsWritten: number
}

/**
 * Writes one block: the header, its positions, prices and pool states, discovered wallets and cursor advances,
 * all in ONE immediate transaction. Nothing is written if anything throws.
 *
 * Checks against the stored tip (highest stored block of the chain):
 * - `block.number <= tip.number` throws `BlockNotAfterTipError` (roll back first).
 * - `block.number === tip.number + 1` and `parentHash !== tip.hash` throws `ParentHashMismatchError`:
 *   the reorg signal; call `findCommonAncestor` then `rollbackTo`.
 * - `block.number > tip.number + 1` (a gap, e.g. a backfill that commits only the end of a log range) is
 *   accepted; the caller must know the skipped blocks extend the tip (e.g. they are final).
 *
 * @example
 * commitBlock(db, {
 *   chainId: 1,
 *   block: { number: 101, hash: '0xb…', parentHash: '0xa…', timestamp: 1_700_000_000 },
 *   positions: { upserts: [{ venue: 'erc20', wallet: '0x…', kind: 'spot', key: '0xtoken', amount: 5n }] },
 *   cursors: ['blocks'],
 * })
 */
export function commitBlock(
  db: StoreExecutor,
  parameters: CommitBlockParameters,
): Promise<CommitBlockReturnType> {
  return db.write((tx) => {
    // Watchers in other processes hear of it when this commits (PostgreSQL NOTIFY).
    tx.chainMoved?.(parameters.chainId)
    return commitInTransaction(tx, parameters)
  })
}

/** The body of {@link commitBlock}, for callers that already hold the write transaction (`rollbackTo`'s replacement). */
export async function commitInTransaction(
  tx: StoreTx,
  parameters: CommitBlockParameters,
): Promise<CommitBlockReturnType> {
  const { chainId, block } = parameters
  const {
    q,
    t: { blocks, chains, syncCursors, wallets },
  } = tx
  await assertWriter(tx, chainId, parameters.writer)
  assertBlockNumber(block.number)
  assertBlockNumber(block.timestamp, 'block timestamp')
  if (parameters.clock !== undefined) assertBlockNumber(parameters.clock, 'clock')
  assertHash(block.hash, 'block hash')
  assertHash(block.parentHash, 'block parentHash')
  const hash = lower(block.hash)
  const parentHash = lower(block.parentHash)
  const n = block.number

  const [known] = await q.select({ id: chains.chainId }).from(chains).where(eq(chains.chainId, chainId))
  if (!known) throw new UnknownChainError({ chainId })
  const tip = await readTip(tx, chainId)
  if (tip) {
    if (n <= tip.number) throw new BlockNotAfterTipError({ chainId, blockNumber: n, tipNumber: tip.number })
    if (n === tip.number + 1 && parentHash !== tip.hash)
      throw new ParentHashMismatchError({ chainId, blockNumber: n, expectedParentHash: tip.hash, parentHash })
  }
  await q
    .insert(blocks)
    .values({ chainId, number: n, hash, parentHash, timestamp: block.timestamp, finalized: false })

  const written = await writePositions(tx, {
    chainId,
    blockNumber: n,
    upserts: parameters.positions?.upserts ?? [],
    deletes: parameters.positions?.deletes ?? [],
  })
  const pricesWritten = await writePrices(tx, { chainId, blockNumber: n, prices: parameters.prices ?? [] })
  const poolStatesWritten = await writePoolStates(tx, {
    chainId,
    blockNumber: n,
    states: parameters.poolStates ?? [],
  })
  const feedRoundsWritten = await writeFeedRounds(tx, {
    chainId,
    blockNumber: n,
    rounds: parameters.feedRounds ?? [],
  })

  const discovered = [...new Set((parameters.discoveredWallets ?? []).map(lower))]
  for (const part of chunk(discovered, 500))
    await q
      .insert(wallets)
      .values(
        part.map((address) => ({
          address,
          source: 'discovered' as const,
          // The block's time, not the wall clock: a re-run writes the same row.
          firstSeenAt: block.timestamp * 1000,
          firstSeenChainId: chainId,
          firstSeenBlock: n,
        })),
      )
      .onConflictDoNothing()

  for (const source of new Set(parameters.cursors ?? [])) {
    await q
      .insert(syncCursors)
      .values({ chainId, source, blockNumber: n, blockHash: hash })
      .onConflictDoUpdate({
        target: [syncCursors.chainId, syncCursors.source],
        set: { blockNumber: n, blockHash: hash },
      })
  }
  if (parameters.complete) await markComplete(tx, chainId, n)
  if (parameters.clock !== undefined) await advanceClockInTransaction(tx, chainId, parameters.clock)
  return {
    positionsWritten: written.written,
    positionsDeleted: written.deleted,
    pricesWritten,
    poolStatesWritten,
    feedRoundsWritten,
  }
}
