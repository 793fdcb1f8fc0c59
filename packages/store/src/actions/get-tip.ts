import { and, asc, desc, eq, gte, inArray, lte, max, or, sql } from 'drizzle-orm'
import type { StoreTables, StoreTx } from '../dialect/executor.js'
import { listPlaceholders, padList } from '../dialect/prepared.js'
import { chunk } from '../internal/normalize.js'
import type { Hash, StoredBlock } from '../types.js'

type BlockRow = StoreTables['blocks']['$inferSelect']

export function toStoredBlock(row: BlockRow): StoredBlock {
  return {
    chainId: row.chainId,
    number: row.number,
    hash: row.hash as Hash,
    parentHash: row.parentHash as Hash,
    timestamp: row.timestamp,
    finalized: row.finalized,
  }
}

/** Highest stored block of a chain, or null (used inside transactions). */
export async function readTip({ q, t: { blocks } }: StoreTx, chainId: number): Promise<StoredBlock | null> {
  const [row] = await q
    .select()
    .from(blocks)
    .where(eq(blocks.chainId, chainId))
    .orderBy(desc(blocks.number))
    .limit(1)
  return row ? toStoredBlock(row) : null
}

/**
 * Each chain's highest stored block and highest finalized one (what {@link readTip} and
 * {@link readFinalized} read for one chain) in three statements whatever the number of chains;
 * chains with no block are absent.
 */
export async function readTipsAndFinalized(
  { prepared, t: { blocks } }: StoreTx,
  chainIds: readonly number[],
): Promise<Map<number, { tip: StoredBlock; finalized: StoredBlock | null }>> {
  const out = new Map<number, { tip: StoredBlock; finalized: StoredBlock | null }>()
  if (chainIds.length === 0) return out
  const ids = listPlaceholders('c', chainIds)
  const highest = (finalizedOnly: boolean) =>
    prepared(`highest-blocks:${finalizedOnly}:${ids.key}`, (q) =>
      q
        .select({ chainId: blocks.chainId, number: max(blocks.number) })
        .from(blocks)
        .where(and(inArray(blocks.chainId, ids.refs), finalizedOnly ? eq(blocks.finalized, true) : undefined))
        .groupBy(blocks.chainId),
    ).execute(ids.values)
  const tips = await highest(false)
  if (tips.length === 0) return out
  const finals = await highest(true)
  const wanted = padList(
    [...tips, ...finals].flatMap(({ chainId, number }) => (number === null ? [] : [{ chainId, number }])),
  )
  const values: Record<string, unknown> = {}
  wanted.forEach(({ chainId, number }, i) => {
    values[`bc${i}`] = chainId
    values[`bn${i}`] = number
  })
  const rows = await prepared(`blocks-at:${wanted.length}`, (q) =>
    q
      .select()
      .from(blocks)
      .where(
        or(
          ...wanted.map((_, i) =>
            and(eq(blocks.chainId, sql.placeholder(`bc${i}`)), eq(blocks.number, sql.placeholder(`bn${i}`))),
          ),
        ),
      ),
  ).execute(values)
  const byKey = new Map(rows.map((row) => [`${row.chainId}:${row.number}`, toStoredBlock(row)]))
  const finalOf = new Map(finals.map((row) => [row.chainId, row.number]))
  for (const { chainId, number } of tips) {
    const tip = byKey.get(`${chainId}:${number}`)
    if (!tip) continue
    const finalNumber = finalOf.get(chainId)
    const finalized = finalNumber == null ? null : (byKey.get(`${chainId}:${finalNumber}`) ?? null)
    out.set(chainId, { tip, finalized })
  }
  return out
}

/** Highest finalized stored block of a chain, or null. */
export async function readFinalized(
  { q, t: { blocks } }: StoreTx,
  chainId: number,
): Promise<StoredBlock | null> {
  const [row] = await q
    .select()
    .from(blocks)
    .where(and(eq(blocks.chainId, chainId), eq(blocks.finalized, true)))
    .orderBy(desc(blocks.number))
    .limit(1)
  return row ? toStoredBlock(row) : null
}

export type GetTipParameters = { chainId: number }
export type GetTipReturnType = StoredBlock | null

/**
 * The highest stored block of a chain (the block the next `commitBlock` must extend), or null.
 *
 * @example
 * const tip = await store.getTip({ chainId: 1 })
 * if (tip && next.parentHash !== tip.hash) { … reorg … }
 */
export function getTip(tx: StoreTx, parameters: GetTipParameters): Promise<GetTipReturnType> {
  return readTip(tx, parameters.chainId)
}

export type GetBlocksParameters = {
  chainId: number
  /** Exact numbers to fetch (missing ones are absent from the result)… */
  numbers?: readonly number[] | undefined
  /** …or an inclusive range. */
  fromNumber?: number | undefined
  toNumber?: number | undefined
  /** Default 'desc' (newest first, the order an ancestor search walks). */
  order?: 'asc' | 'desc' | undefined
  limit?: number | undefined
}
export type GetBlocksReturnType = StoredBlock[]

/**
 * Stored blocks of one chain by number, for reorg handling and freshness metadata.
 *
 * @example
 * const recent = await store.getBlocks({ chainId: 1, fromNumber: tip.number - 64 })
 */
export async function getBlocks(
  { q, t: { blocks } }: StoreTx,
  parameters: GetBlocksParameters,
): Promise<GetBlocksReturnType> {
  const { chainId, numbers, fromNumber, toNumber, order = 'desc', limit } = parameters
  const sort = order === 'asc' ? asc(blocks.number) : desc(blocks.number)
  if (numbers) {
    const rows: BlockRow[] = []
    for (const part of chunk(numbers))
      rows.push(
        ...(await q
          .select()
          .from(blocks)
          .where(and(eq(blocks.chainId, chainId), inArray(blocks.number, part)))),
      )
    const sorted = rows
      .map(toStoredBlock)
      .sort((a, b) => (order === 'asc' ? a.number - b.number : b.number - a.number))
    return limit === undefined ? sorted : sorted.slice(0, limit)
  }
  const query = q
    .select()
    .from(blocks)
    .where(
      and(
        eq(blocks.chainId, chainId),
        fromNumber === undefined ? undefined : gte(blocks.number, fromNumber),
        toNumber === undefined ? undefined : lte(blocks.number, toNumber),
      ),
    )
    .orderBy(sort)
  return (limit === undefined ? await query : await query.limit(limit)).map(toStoredBlock)
}
