import { affected, type StoreTx } from '../dialect/executor.js'
import { StoreError } from '../errors.js'
import type { FeedRoundWrite } from '../types.js'
import { assertBlockNumber, chunk, lower } from './normalize.js'

/**
 * Inserts feed rounds read at `blockNumber`. A round already stored is left as it is (rounds are
 * immutable on chain; the first read, at the lowest block, is kept). Must run inside a write
 * transaction. Returns the number of rounds inserted.
 */
export async function writeFeedRounds(
  { q, t: { feedRounds } }: StoreTx,
  parameters: { chainId: number; blockNumber: number; rounds: readonly FeedRoundWrite[] },
): Promise<number> {
  const { chainId, blockNumber, rounds } = parameters
  let written = 0
  for (const round of rounds) {
    assertBlockNumber(round.updatedAt, 'round updatedAt')
    if (round.roundId < 0n || round.answer === undefined || !Number.isInteger(round.decimals)) {
      throw new StoreError('Invalid feed round.', {
        details: `chain ${chainId} feed ${round.feed} round ${round.roundId}`,
      })
    }
  }
  for (const part of chunk(rounds, 200)) {
    written += await affected(
      q
        .insert(feedRounds)
        .values(
          part.map((round) => ({
            chainId,
            feed: lower(round.feed),
            roundId: round.roundId,
            answer: round.answer,
            decimals: round.decimals,
            updatedAt: round.updatedAt,
            blockNumber,
          })),
        )
        .onConflictDoNothing(),
    )
  }
  return written
}
