import { and, asc, eq, gte, lte, sql } from 'drizzle-orm'
import type { StoreTx } from '../dialect/executor.js'
import { StoreError } from '../errors.js'
import { lower } from '../internal/normalize.js'
import type { Address, FeedRound } from '../types.js'

export type GetFeedRoundsParameters = {
  chainId: number
  feed: Address
  /** Only rounds with `updatedAt >= fromTime` (unix seconds). */
  fromTime?: number | undefined
  /** Only rounds with `updatedAt <= toTime` (unix seconds). */
  toTime?: number | undefined
}
export type GetFeedRoundsReturnType = FeedRound[]

/**
 * The stored rounds of one feed (its price history), oldest first (by `updatedAt`, then round id).
 *
 * @example
 * const rounds = await store.getFeedRounds({ chainId: 1, feed: '0x5f4e…', fromTime: now - 365 * 86_400 })
 */
export async function getFeedRounds(
  { q, t: { feedRounds } }: StoreTx,
  parameters: GetFeedRoundsParameters,
): Promise<GetFeedRoundsReturnType> {
  const { chainId, fromTime, toTime } = parameters
  const rows = await q
    .select()
    .from(feedRounds)
    .where(
      and(
        eq(feedRounds.chainId, chainId),
        eq(feedRounds.feed, lower(parameters.feed)),
        fromTime === undefined ? undefined : gte(feedRounds.updatedAt, fromTime),
        toTime === undefined ? undefined : lte(feedRounds.updatedAt, toTime),
      ),
    )
    .orderBy(asc(feedRounds.updatedAt), asc(feedRounds.roundId))
  return rows.map((row) => ({
    chainId: row.chainId,
    feed: row.feed as Address,
    roundId: row.roundId,
    answer: row.answer,
    decimals: row.decimals,
    updatedAt: row.updatedAt,
    blockNumber: row.blockNumber,
  }))
}

export type GetFeedRoundBoundsParameters = {
  chainId: number
  /** Count only rounds read at or below this block: what a rollback to it keeps (a reorg's ancestor). */
  at?: number | undefined
}

/** The oldest and newest stored round of a feed, and how many are stored. */
export type FeedRoundBounds = {
  feed: Address
  oldest: { roundId: bigint; updatedAt: number }
  newest: { roundId: bigint; updatedAt: number }
  count: number
}
export type GetFeedRoundBoundsReturnType = FeedRoundBounds[]

/**
 * Per feed of a chain: its oldest and newest stored round (by round id) and the count. The indexer
 * reads it to fetch only the rounds it lacks: newer than `newest`, and older than `oldest` while the
 * backfill window is not covered.
 *
 * @example
 * const bounds = await store.getFeedRoundBounds({ chainId: 1 })
 */
export async function getFeedRoundBounds(
  { q, t: { feedRounds } }: StoreTx,
  parameters: GetFeedRoundBoundsParameters,
): Promise<GetFeedRoundBoundsReturnType> {
  const groups = await q
    .select({
      feed: feedRounds.feed,
      oldest: sql<string>`min(${feedRounds.roundId})`,
      newest: sql<string>`max(${feedRounds.roundId})`,
      count: sql<number>`count(*)`.mapWith(Number),
    })
    .from(feedRounds)
    .where(
      and(
        eq(feedRounds.chainId, parameters.chainId),
        parameters.at === undefined ? undefined : lte(feedRounds.blockNumber, parameters.at),
      ),
    )
    .groupBy(feedRounds.feed)
    .orderBy(asc(feedRounds.feed))
  const round = async (feed: string, encoded: string) => {
    const [row] = await q
      .select({ roundId: feedRounds.roundId, updatedAt: feedRounds.updatedAt })
      .from(feedRounds)
      .where(
        and(
          eq(feedRounds.chainId, parameters.chainId),
          eq(feedRounds.feed, feed),
          sql`${feedRounds.roundId} = ${encoded}`,
        ),
      )
    if (!row) throw new StoreError('A feed round vanished inside one read.', { details: `feed ${feed}` })
    return { roundId: row.roundId, updatedAt: row.updatedAt }
  }
  const bounds: GetFeedRoundBoundsReturnType = []
  for (const group of groups)
    bounds.push({
      feed: group.feed as Address,
      oldest: await round(group.feed, group.oldest),
      newest: await round(group.feed, group.newest),
      count: group.count,
    })
  return bounds
}
