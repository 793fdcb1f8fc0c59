import { type AnyColumn, and, eq, gt, inArray, isNull, lte, min, notInArray, or, type SQL } from 'drizzle-orm'
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
 * `PinnedBlockGoneError` for a pin whose block (by hash) is no longer stored (the first failing pin in
 * order). Runs in the read's own snapshot, so what it checks is what the read sees; two statements
 * whatever the number of pins (every pinned read of a request runs it).
 */
export async function assertPinsReadable(tx: StoreTx, at: BlockPins | undefined): Promise<void> {
  const {
    q,
    t: { blocks },
  } = tx
  if (!at || at.length === 0) return
  const floors = await q
    .select({ chainId: blocks.chainId, number: min(blocks.number) })
    .from(blocks)
    .where(
      and(
        inArray(
          blocks.chainId,
          at.map((pin) => pin.chainId),
        ),
        eq(blocks.finalized, true),
      ),
    )
    .groupBy(blocks.chainId)
  const retainedFrom = new Map(floors.map((row) => [row.chainId, row.number]))
  const hashed = at.flatMap(({ chainId, blockNumber, blockHash }) =>
    blockHash === undefined ? [] : [and(eq(blocks.chainId, chainId), eq(blocks.number, blockNumber))],
  )
  const stored =
    hashed.length === 0
      ? []
      : await q
          .select({ chainId: blocks.chainId, number: blocks.number, hash: blocks.hash })
          .from(blocks)
          .where(or(...hashed))
  const hashOf = new Map(stored.map((row) => [`${row.chainId}:${row.number}`, row.hash]))
  for (const { chainId, blockNumber, blockHash } of at) {
    const floor = retainedFrom.get(chainId) ?? null
    if (floor !== null && blockNumber < floor)
      throw new OutsideRetainedHistoryError({ chainId, blockNumber, retainedFromNumber: floor })
    if (blockHash === undefined) continue
    const storedHash = hashOf.get(`${chainId}:${blockNumber}`) ?? null
    if (storedHash !== blockHash.toLowerCase())
      throw new PinnedBlockGoneError({ chainId, blockNumber, blockHash, storedHash })
  }
}
