import { type AnyColumn, and, asc, eq, gt, isNull, lte, notInArray, or, type SQL } from 'drizzle-orm'
import type { StoreTx } from '../dialect/executor.js'
import { OutsideRetainedHistoryError, PinnedBlockGoneError } from '../errors.js'

/**
 * Block numbers to read chains at; chains not listed are read at their latest version. With
 * `blockHash` (the tip a reader pinned), the read throws `PinnedBlockGoneError` when that block is no
 * longer stored with that hash (a reorg or a reset happened since the pin was taken).
 */
export type BlockPins = readonly { chainId: number; blockNumber: number; blockHash?: string | undefined }[]

type VersionColumns = { chainId: AnyColumn; validFrom: AnyColumn; validTo: AnyColumn }

/**
 * The version filter of a versioned table: the current version, or for pinned chains the version valid at
 * the pinned block (`validFrom <= n < validTo`).
 */
export function versionFilter(columns: VersionColumns, at: BlockPins | undefined): SQL | undefined {
  if (!at || at.length === 0) return isNull(columns.validTo)
  const pinned = at.map(({ chainId, blockNumber }) =>
    and(
      eq(columns.chainId, chainId),
      lte(columns.validFrom, blockNumber),
      or(isNull(columns.validTo), gt(columns.validTo, blockNumber)),
    ),
  )
  return or(
    and(
      notInArray(
        columns.chainId,
        at.map((pin) => pin.chainId),
      ),
      isNull(columns.validTo),
    ),
    ...pinned,
  )
}

/**
 * Throws `OutsideRetainedHistoryError` for a pin below its chain's retained history (the oldest stored
 * finalized block: `markFinalized` prunes superseded versions and blocks below it), and
 * `PinnedBlockGoneError` for a pin whose block (by hash) is no longer stored. Runs in the read's own
 * snapshot, so what it checks is what the read sees.
 */
export async function assertPinsReadable(tx: StoreTx, at: BlockPins | undefined): Promise<void> {
  const {
    q,
    t: { blocks },
  } = tx
  for (const { chainId, blockNumber, blockHash } of at ?? []) {
    const retainedFrom = await readRetainedFrom(tx, chainId)
    if (retainedFrom !== null && blockNumber < retainedFrom)
      throw new OutsideRetainedHistoryError({ chainId, blockNumber, retainedFromNumber: retainedFrom })
    if (blockHash === undefined) continue
    const [stored] = await q
      .select({ hash: blocks.hash })
      .from(blocks)
      .where(and(eq(blocks.chainId, chainId), eq(blocks.number, blockNumber)))
    if (stored?.hash !== blockHash.toLowerCase())
      throw new PinnedBlockGoneError({ chainId, blockNumber, blockHash, storedHash: stored?.hash ?? null })
  }
}

/**
 * The lowest block a chain's reads are answered at: its oldest stored finalized block (below it
 * `markFinalized` pruned the superseded versions), or null while nothing is finalized.
 */
export async function readRetainedFrom(
  { q, t: { blocks } }: StoreTx,
  chainId: number,
): Promise<number | null> {
  const [row] = await q
    .select({ number: blocks.number })
    .from(blocks)
    .where(and(eq(blocks.chainId, chainId), eq(blocks.finalized, true)))
    .orderBy(asc(blocks.number))
    .limit(1)
  return row?.number ?? null
}
