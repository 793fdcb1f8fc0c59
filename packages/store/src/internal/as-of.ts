import {
  type AnyColumn,
  and,
  eq,
  gt,
  inArray,
  isNull,
  lte,
  min,
  notInArray,
  or,
  type SQL,
  sql,
} from 'drizzle-orm'
import type { StoreTx } from '../dialect/executor.js'
import { listPlaceholders, padList } from '../dialect/prepared.js'
import { OutsideRetainedHistoryError, PinnedBlockGoneError } from '../errors.js'

/**
 * Block numbers to read chains at; chains not listed are read at their latest version. With
 * `blockHash` (the tip a reader pinned), the read throws `PinnedBlockGoneError` when that block is no
 * longer stored with that hash (a reorg or a reset happened since the pin was taken).
 */
export type BlockPins = readonly { chainId: number; blockNumber: number; blockHash?: string | undefined }[]

type VersionColumns = { chainId: AnyColumn; validFrom: AnyColumn; validTo: AnyColumn }

/** A version filter with placeholders (see {@link versionFilter}): its shape, its SQL and its values. */
export type VersionFilter = {
  /** The shape, for a prepared read's key: the padded number of pins. */
  key: string
  filter: (columns: VersionColumns) => SQL | undefined
  values: Record<string, unknown>
}

/**
 * The version filter of a versioned table: the current version, or for pinned chains the version valid at
 * the pinned block (`validFrom <= n < validTo`). Chain ids and block numbers are placeholders (`vc<i>`,
 * `vb<i>`), so a prepared read serves any pins of one count.
 *
 * @example
 * const version = versionFilter([{ chainId: 1, blockNumber: 120 }])
 * q.select().from(t.positions).where(version.filter(t.positions)) // run with version.values
 */
export function versionFilter(at: BlockPins | undefined): VersionFilter {
  if (!at || at.length === 0)
    return { key: 'latest', filter: (columns) => isNull(columns.validTo), values: {} }
  const pins = padList(at)
  const values: Record<string, unknown> = {}
  pins.forEach(({ chainId, blockNumber }, i) => {
    values[`vc${i}`] = chainId
    values[`vb${i}`] = blockNumber
  })
  return {
    key: `pins${pins.length}`,
    values,
    filter: (columns) =>
      or(
        and(
          notInArray(
            columns.chainId,
            pins.map((_, i) => sql.placeholder(`vc${i}`)),
          ),
          isNull(columns.validTo),
        ),
        ...pins.map((_, i) =>
          and(
            eq(columns.chainId, sql.placeholder(`vc${i}`)),
            lte(columns.validFrom, sql.placeholder(`vb${i}`)),
            or(isNull(columns.validTo), gt(columns.validTo, sql.placeholder(`vb${i}`))),
          ),
        ),
      ),
  }
}

/**
 * Throws `OutsideRetainedHistoryError` for a pin below its chain's retained history (the oldest stored
 * finalized block: `markFinalized` prunes superseded versions and blocks below it), and
 * `PinnedBlockGoneError` for a pin whose block (by hash) is no longer stored (the first failing pin in
 * order). Runs in the read's own snapshot, so what it checks is what the read sees; two statements
 * whatever the number of pins (every pinned read of a request runs it).
 */
export async function assertPinsReadable(tx: StoreTx, at: BlockPins | undefined): Promise<void> {
  const { blocks } = tx.t
  if (!at || at.length === 0) return
  const chainIds = listPlaceholders(
    'c',
    at.map((pin) => pin.chainId),
  )
  const floors = await tx
    .prepared(`pin-floors:${chainIds.key}`, (q) =>
      q
        .select({ chainId: blocks.chainId, number: min(blocks.number) })
        .from(blocks)
        .where(and(inArray(blocks.chainId, chainIds.refs), eq(blocks.finalized, true)))
        .groupBy(blocks.chainId),
    )
    .execute(chainIds.values)
  const retainedFrom = new Map(floors.map((row) => [row.chainId, row.number]))
  const hashed = padList(at.filter((pin) => pin.blockHash !== undefined))
  const hashValues: Record<string, unknown> = {}
  hashed.forEach(({ chainId, blockNumber }, i) => {
    hashValues[`hc${i}`] = chainId
    hashValues[`hb${i}`] = blockNumber
  })
  const stored =
    hashed.length === 0
      ? []
      : await tx
          .prepared(`pin-hashes:${hashed.length}`, (q) =>
            q
              .select({ chainId: blocks.chainId, number: blocks.number, hash: blocks.hash })
              .from(blocks)
              .where(
                or(
                  ...hashed.map((_, i) =>
                    and(
                      eq(blocks.chainId, sql.placeholder(`hc${i}`)),
                      eq(blocks.number, sql.placeholder(`hb${i}`)),
                    ),
                  ),
                ),
              ),
          )
          .execute(hashValues)
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
