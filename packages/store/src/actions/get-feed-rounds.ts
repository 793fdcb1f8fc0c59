import { and, asc, eq, gte, lte, sql } from 'drizzle-orm'
import type { SqliteExecutor } from '../dialect/sqlite/open-database.js'
import { feedRounds } from '../dialect/sqlite/schema.js'
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
export function getFeedRounds(
  db: SqliteExecutor,
  parameters: GetFeedRoundsParameters,
): GetFeedRoundsReturnType {
  const { chainId, fromTime, toTime } = parameters
  return db
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
    .all()
    .map((row) => ({
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
export function getFeedRoundBounds(
  db: SqliteExecutor,
  parameters: GetFeedRoundBoundsParameters,
): GetFeedRoundBoundsReturnType {
  const groups = db
    .select({
      feed: feedRounds.feed,
      oldest: sql<string>`min(${feedRounds.roundId})`,
      newest: sql<string>`max(${feedRounds.roundId})`,
      count: sql<number>`count(*)`,
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
    .all()
  const round = (feed: string, encoded: string) => {
    const row = db
      .select({ roundId: feedRounds.roundId, updatedAt: feedRounds.updatedAt })
      .from(feedRounds)
      .where(
        and(
          eq(feedRounds.chainId, parameters.chainId),
          eq(feedRounds.feed, feed),
          sql`${feedRounds.roundId} = ${encoded}`,
        ),
      )
      .get()!
    return { roundId: row.roundId, updatedAt: row.updatedAt }
  }
  return groups.map((group) => ({
    feed: group.feed as Address,
    oldest: round(group.feed, group.oldest),
    newest: round(group.feed, group.newest),
    count: group.count,
  }))
}
