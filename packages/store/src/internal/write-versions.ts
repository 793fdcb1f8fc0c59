import { encodePositionRecord } from '@xmargin/core'
import { and, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm'
import type { StoreTables, StoreTx } from '../dialect/executor.js'
import { canonicalJson } from '../dialect/extra.js'
import { DuplicateKeyError } from '../errors.js'
import type { PositionId, PositionWrite, PriceWrite } from '../types.js'
import { chunk, lower, normalizeKey } from './normalize.js'

type PositionRow = StoreTables['positions']['$inferInsert']
type Id = Omit<PositionId, 'chainId'>

const idText = (id: { venue: string; wallet: string; kind: string; key: string }) =>
  JSON.stringify([id.venue, id.wallet, id.kind, id.key])

export type WritePositionsParameters = {
  chainId: number
  blockNumber: number
  upserts: readonly PositionWrite[]
  deletes: readonly Id[]
}

/**
 * Writes one block's position changes as new versions, in set-based statements (one read of the current
 * versions, one close, one insert per chunk). A write equal to the current version is skipped.
 * Must run inside the block's transaction.
 */
export async function writePositions(
  { q, t: { positions } }: StoreTx,
  parameters: WritePositionsParameters,
): Promise<{ written: number; deleted: number }> {
  const { chainId, blockNumber: n } = parameters
  const normalize = (id: Id): Id => ({
    venue: id.venue,
    wallet: lower(id.wallet),
    kind: id.kind,
    key: normalizeKey(id.key),
  })
  const seen = new Set<string>()
  const claim = (id: Id) => {
    const text = idText(id)
    if (seen.has(text))
      throw new DuplicateKeyError('A position appears twice in one block.', {
        details: `chain ${chainId} ${text}`,
      })
    seen.add(text)
    return text
  }
  const upserts = parameters.upserts.map((write) => {
    const id = normalize(write)
    const engine = write.engine ? encodePositionRecord(write.engine) : null
    return {
      text: claim(id),
      row: { chainId, ...id, amount: write.amount, extra: write.extra ?? {}, engine },
    }
  })
  const deletes = parameters.deletes.map((id) => claim(normalize(id)))
  if (seen.size === 0) return { written: 0, deleted: 0 }

  // Current versions of every touched wallet on this chain, indexed by position id.
  const walletsTouched = [
    ...new Set([...upserts.map((u) => u.row.wallet), ...parameters.deletes.map((d) => lower(d.wallet))]),
  ]
  const current = new Map<string, { amount: bigint; extra: string; engine: string | null }>()
  for (const part of chunk(walletsTouched))
    for (const row of await q
      .select({
        venue: positions.venue,
        wallet: positions.wallet,
        kind: positions.kind,
        key: positions.key,
        amount: positions.amount,
        extra: positions.extra,
        engine: positions.engine,
      })
      .from(positions)
      .where(and(eq(positions.chainId, chainId), isNull(positions.validTo), inArray(positions.wallet, part))))
      current.set(idText(row), { amount: row.amount, extra: canonicalJson(row.extra), engine: row.engine })

  const toInsert: PositionRow[] = []
  const toClose: string[] = []
  for (const { text, row } of upserts) {
    const before = current.get(text)
    // The engine position is compared too: a row written before it was stored gets one now.
    if (
      before &&
      before.amount === row.amount &&
      before.extra === canonicalJson(row.extra) &&
      before.engine === row.engine
    )
      continue
    if (before) toClose.push(text)
    toInsert.push({ ...row, blockNumber: n, validFrom: n, validTo: null })
  }
  const deleted = deletes.filter((text) => current.has(text))
  // Close first: the partial unique index allows one current version per id.
  for (const part of chunk([...toClose, ...deleted], 200)) {
    const tuples = part.map((text) => {
      const [venue, wallet, kind, key] = JSON.parse(text) as string[]
      return sql`(${venue}, ${wallet}, ${kind}, ${key})`
    })
    await q
      .update(positions)
      .set({ validTo: n })
      .where(
        and(
          eq(positions.chainId, chainId),
          isNull(positions.validTo),
          sql`(${positions.venue}, ${positions.wallet}, ${positions.kind}, ${positions.key}) in (values ${sql.join(tuples, sql`, `)})`,
        ),
      )
  }
  for (const part of chunk(toInsert, 500)) await q.insert(positions).values(part)
  return { written: toInsert.length, deleted: deleted.length }
}

export type WritePricesParameters = { chainId: number; blockNumber: number; prices: readonly PriceWrite[] }

/** Writes one block's feed answers as new versions; an answer equal to the current one is skipped. */
export async function writePrices(
  { q, t: { prices } }: StoreTx,
  parameters: WritePricesParameters,
): Promise<number> {
  const { chainId, blockNumber: n } = parameters
  const feeds = new Set<string>()
  let written = 0
  for (const price of parameters.prices) {
    const feed = lower(price.feed)
    if (feeds.has(feed))
      throw new DuplicateKeyError('A price feed appears twice in one block.', {
        details: `chain ${chainId} ${feed}`,
      })
    feeds.add(feed)
    const asset = price.asset ? lower(price.asset) : null
    const where: SQL | undefined = and(
      eq(prices.chainId, chainId),
      eq(prices.feed, feed),
      isNull(prices.validTo),
    )
    const [current] = await q.select().from(prices).where(where)
    if (
      current &&
      current.value === price.value &&
      current.roundId === price.roundId &&
      current.updatedAt === price.updatedAt &&
      current.decimals === price.decimals &&
      current.asset === asset
    )
      continue
    if (current) await q.update(prices).set({ validTo: n }).where(where)
    await q.insert(prices).values({
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
    written++
  }
  return written
}
