import { and, asc, eq, inArray, or } from 'drizzle-orm'
import type { StoreTables, StoreTx } from '../dialect/executor.js'
import { listPlaceholders } from '../dialect/prepared.js'
import { assertPinsReadable, type BlockPins, versionFilter } from '../internal/as-of.js'
import { chunk, lower } from '../internal/normalize.js'
import type { Address, StoredPrice } from '../types.js'

export type GetLatestPricesParameters = {
  /** (chain, feed) pairs to read (a DataLoader batch); every current price when omitted. */
  keys?: readonly { chainId: number; feed: Address }[] | undefined
  /** Restrict to these chains. */
  chainIds?: readonly number[] | undefined
  /** Read these chains as of a block (see `getPositions`); chains not listed read latest. */
  at?: BlockPins | undefined
}
export type GetLatestPricesReturnType = StoredPrice[]

/**
 * The current answer per (chain, feed) (or the one valid at `at`), ordered by chain then feed. Feeds never
 * written are absent.
 *
 * @example
 * const [eth] = await store.getLatestPrices({ keys: [{ chainId: 1, feed: '0x5f4e…' }] })
 */
export async function getLatestPrices(
  tx: StoreTx,
  parameters: GetLatestPricesParameters = {},
): Promise<GetLatestPricesReturnType> {
  const {
    q,
    t: { prices },
  } = tx
  await assertPinsReadable(tx, parameters.at)
  const version = versionFilter(parameters.at)
  const chainIds = parameters.chainIds && listPlaceholders('c', parameters.chainIds)
  const chainFilter = chainIds ? inArray(prices.chainId, chainIds.refs) : undefined
  const rows: StoreTables['prices']['$inferSelect'][] = []
  if (parameters.keys)
    // A batch of (chain, feed) keys is built per call: only the all-feeds read below is per request.
    for (const part of chunk(parameters.keys, 200))
      rows.push(
        ...(await q
          .select()
          .from(prices)
          .where(
            and(
              version.filter(prices),
              chainFilter,
              or(...part.map((k) => and(eq(prices.chainId, k.chainId), eq(prices.feed, lower(k.feed))))),
            ),
          )
          .orderBy(asc(prices.chainId), asc(prices.feed))
          .prepare()
          .execute({ ...version.values, ...chainIds?.values })),
      )
  else
    rows.push(
      ...(await tx
        .prepared(`prices:${version.key}:${chainIds?.key ?? 'all'}`, (q) =>
          q
            .select()
            .from(prices)
            .where(and(version.filter(prices), chainFilter))
            .orderBy(asc(prices.chainId), asc(prices.feed)),
        )
        .execute({ ...version.values, ...chainIds?.values })),
    )
  const unique = new Map(rows.map((row) => [`${row.chainId}:${row.feed}`, row]))
  return [...unique.values()]
    .sort((a, b) => a.chainId - b.chainId || (a.feed < b.feed ? -1 : a.feed > b.feed ? 1 : 0))
    .map((row) => ({
      chainId: row.chainId,
      feed: row.feed as Address,
      asset: row.asset as Address | null,
      value: row.value,
      decimals: row.decimals,
      updatedAt: row.updatedAt,
      roundId: row.roundId,
      blockNumber: row.blockNumber,
    }))
}
