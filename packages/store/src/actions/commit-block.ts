import { and, eq, isNull } from 'drizzle-orm'
import { canonicalJson } from '../dialect/sqlite/columns.js'
import type { SqliteDatabase, SqliteTransaction } from '../dialect/sqlite/open-database.js'
import { blocks, chains, positions, prices, syncCursors, wallets } from '../dialect/sqlite/schema.js'
import {
  BlockNotAfterTipError,
  DuplicateKeyError,
  ParentHashMismatchError,
  UnknownChainError,
} from '../errors.js'
import { lower, normalizeKey } from '../internal/normalize.js'
import type { Address, BlockHeader, PositionId, PositionWrite, PriceWrite } from '../types.js'
import { readTip } from './get-tip.js'

export type CommitBlockParameters = {
  chainId: number
  block: BlockHeader
  /** Positions read at this block: `upserts` set a new value, `deletes` close a position (it no longer exists). */
  positions?:
    | { upserts?: readonly PositionWrite[]; deletes?: readonly Omit<PositionId, 'chainId'>[] }
    | undefined
  /** Feed answers read at this block. An answer equal to the current one is not re-versioned. */
  prices?: readonly PriceWrite[] | undefined
  /** Wallets discovered from this block's events; tracked in the same transaction (not undone by a rollback). */
  discoveredWallets?: readonly Address[] | undefined
  /** Sync sources whose cursor moves to this block. */
  cursors?: readonly string[] | undefined
}
export type CommitBlockReturnType = {
  /** Position versions written (unchanged re-reads are skipped). */
  positionsWritten: number
  positionsDeleted: number
  pricesWritten: number
}

/**
 * Writes one block: the header, its positions and prices, discovered wallets and cursor advances,
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
export function commitBlock(db: SqliteDatabase, parameters: CommitBlockParameters): CommitBlockReturnType {
  return db.transaction((tx) => commitInTransaction(tx, parameters), { behavior: 'immediate' })
}

function commitInTransaction(
  tx: SqliteTransaction,
  parameters: CommitBlockParameters,
): CommitBlockReturnType {
  const { chainId, block } = parameters
  const hash = lower(block.hash)
  const parentHash = lower(block.parentHash)
  const n = block.number

  if (!tx.select({ id: chains.chainId }).from(chains).where(eq(chains.chainId, chainId)).get())
    throw new UnknownChainError({ chainId })
  const tip = readTip(tx, chainId)
  if (tip) {
    if (n <= tip.number) throw new BlockNotAfterTipError({ chainId, blockNumber: n, tipNumber: tip.number })
    if (n === tip.number + 1 && parentHash !== tip.hash)
      throw new ParentHashMismatchError({ chainId, blockNumber: n, expectedParentHash: tip.hash, parentHash })
  }
  tx.insert(blocks)
    .values({ chainId, number: n, hash, parentHash, timestamp: block.timestamp, finalized: false })
    .run()

  const result: CommitBlockReturnType = { positionsWritten: 0, positionsDeleted: 0, pricesWritten: 0 }
  const seen = new Set<string>()
  const claim = (id: Omit<PositionId, 'chainId'>) => {
    const text = JSON.stringify([id.venue, id.wallet, id.kind, id.key])
    if (seen.has(text))
      throw new DuplicateKeyError('A position appears twice in one block.', {
        details: `chain ${chainId} ${text}`,
      })
    seen.add(text)
  }

  for (const write of parameters.positions?.upserts ?? []) {
    const id = {
      chainId,
      venue: write.venue,
      wallet: lower(write.wallet),
      kind: write.kind,
      key: normalizeKey(write.key),
    }
    claim(id)
    const extra = write.extra ?? {}
    const current = tx.select().from(positions).where(currentPosition(id)).get()
    if (current && current.amount === write.amount && canonicalJson(current.extra) === canonicalJson(extra))
      continue
    if (current) tx.update(positions).set({ validTo: n }).where(currentPosition(id)).run()
    tx.insert(positions)
      .values({ ...id, amount: write.amount, extra, blockNumber: n, validFrom: n, validTo: null })
      .run()
    result.positionsWritten++
  }

  for (const remove of parameters.positions?.deletes ?? []) {
    const id = {
      chainId,
      venue: remove.venue,
      wallet: lower(remove.wallet),
      kind: remove.kind,
      key: normalizeKey(remove.key),
    }
    claim(id)
    const closed = tx.update(positions).set({ validTo: n }).where(currentPosition(id)).run()
    result.positionsDeleted += closed.changes
  }

  const feeds = new Set<string>()
  for (const price of parameters.prices ?? []) {
    const feed = lower(price.feed)
    if (feeds.has(feed))
      throw new DuplicateKeyError('A price feed appears twice in one block.', {
        details: `chain ${chainId} ${feed}`,
      })
    feeds.add(feed)
    const asset = price.asset ? lower(price.asset) : null
    const where = and(eq(prices.chainId, chainId), eq(prices.feed, feed), isNull(prices.validTo))
    const current = tx.select().from(prices).where(where).get()
    if (
      current &&
      current.value === price.value &&
      current.roundId === price.roundId &&
      current.updatedAt === price.updatedAt &&
      current.decimals === price.decimals &&
      current.asset === asset
    )
      continue
    if (current) tx.update(prices).set({ validTo: n }).where(where).run()
    tx.insert(prices)
      .values({
        chainId,
        feed,
        asset,
        value: price.value,
        decimals: price.decimals,
        updatedAt: price.updatedAt,
        roundId: price.roundId,
        blockNumber: n,
        validFrom: n,
        validTo: null,
      })
      .run()
    result.pricesWritten++
  }

  for (const address of parameters.discoveredWallets ?? []) {
    tx.insert(wallets)
      .values({
        address: lower(address),
        source: 'discovered',
        firstSeenAt: block.timestamp * 1000,
        firstSeenChainId: chainId,
        firstSeenBlock: n,
      })
      .onConflictDoNothing()
      .run()
  }

  for (const source of new Set(parameters.cursors ?? [])) {
    tx.insert(syncCursors)
      .values({ chainId, source, blockNumber: n, blockHash: hash })
      .onConflictDoUpdate({
        target: [syncCursors.chainId, syncCursors.source],
        set: { blockNumber: n, blockHash: hash },
      })
      .run()
  }
  return result
}

function currentPosition(id: PositionId) {
  return and(
    eq(positions.chainId, id.chainId),
    eq(positions.venue, id.venue),
    eq(positions.wallet, id.wallet),
    eq(positions.kind, id.kind),
    eq(positions.key, id.key),
    isNull(positions.validTo),
  )
}
