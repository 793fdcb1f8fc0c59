import { aggregatorV3Abi, executeReads, type ReadCall } from '@xmargin/adapters'
import type { FeedRoundWrite, PriceWrite, Store } from '@xmargin/store'
import type { Address } from 'viem'
import type { IndexerChain } from '../types.js'

/** Default look-back of the price-history backfill: 365 days. */
export const DEFAULT_HISTORY_WINDOW_SECONDS = 365 * 86_400
/** Default cap on `getRoundData` calls per feed per block (a backfill spreads over blocks). */
export const DEFAULT_HISTORY_ROUNDS_PER_BLOCK = 200

/** Chainlink proxies put the phase in the high bits of a round id: `phaseId << 64 | aggregatorRoundId`. */
const PHASE_SHIFT = 64n
const aggregatorRound = (roundId: bigint) => roundId & ((1n << PHASE_SHIFT) - 1n)
const phaseOf = (roundId: bigint) => roundId >> PHASE_SHIFT

export type ReadFeedRoundsParameters = {
  chain: IndexerChain
  store: Store
  blockNumber: bigint
  blockTimestamp: bigint
  /** The feeds' latest rounds read at this block (the block's `prices`). */
  prices: readonly PriceWrite[]
  /** The previous answers are read as of this block (a reorg's ancestor) instead of the current ones. */
  storedAt?: number | undefined
}

export type ReadFeedRoundsReturnType = {
  rounds: FeedRoundWrite[]
  /** `getRoundData` calls made (0 in the steady state: the latest round is in `prices`). */
  calls: number
  requests: number
}

/**
 * The price history to commit with a block: every feed's latest round (from `prices`), the rounds
 * between the previous stored answer and it (several updates in one block, or blocks committed
 * without prices), and, until the look-back window (`historyWindowSeconds`, default 365 days) is
 * covered, older rounds walked back from the oldest stored one — at most `historyRoundsPerBlock`
 * per feed and block, so a first start on a real network spreads its backfill over blocks. Rounds
 * are read with `getRoundData` at `blockNumber`, batched through Multicall3. A round whose read
 * fails (no data) is skipped. The walk back stops at the first round of a Chainlink phase: earlier
 * phases are not reachable by round id.
 *
 * @example
 * const { rounds } = await readFeedRounds({ chain, store, blockNumber, blockTimestamp, prices })
 */
export async function readFeedRounds(
  parameters: ReadFeedRoundsParameters,
): Promise<ReadFeedRoundsReturnType> {
  const { chain, store, blockNumber, blockTimestamp, prices, storedAt } = parameters
  const window = chain.historyWindowSeconds ?? DEFAULT_HISTORY_WINDOW_SECONDS
  const cap = chain.historyRoundsPerBlock ?? DEFAULT_HISTORY_ROUNDS_PER_BLOCK
  const rounds: FeedRoundWrite[] = prices.map((p) => ({
    feed: p.feed,
    roundId: p.roundId,
    answer: p.value,
    decimals: p.decimals,
    updatedAt: p.updatedAt,
  }))
  if (prices.length === 0) return { rounds, calls: 0, requests: 0 }
  const [previous, bounds] = await Promise.all([
    store.getLatestPrices({
      chainIds: [chain.chainId],
      at: storedAt === undefined ? undefined : [{ chainId: chain.chainId, blockNumber: storedAt }],
    }),
    // With `storedAt`, only the rounds the reorg's rollback keeps: those read above it are read again.
    store.getFeedRoundBounds({ chainId: chain.chainId, at: storedAt }),
  ])
  const previousRound = new Map(previous.map((p) => [p.feed.toLowerCase(), p.roundId]))
  const oldest = new Map(bounds.map((b) => [b.feed.toLowerCase(), b.oldest]))
  const windowStart = Number(blockTimestamp) - window

  const wanted: { feed: Address; roundId: bigint; decimals: number }[] = []
  for (const price of prices) {
    const feed = price.feed.toLowerCase() as Address
    const latest = price.roundId
    // Forward: rounds after the previous stored answer, in the latest round's phase.
    const before = previousRound.get(feed)
    if (before !== undefined && before < latest - 1n) {
      const from = phaseOf(before) === phaseOf(latest) ? before + 1n : (phaseOf(latest) << PHASE_SHIFT) + 1n
      const start = latest - from > BigInt(cap) ? latest - BigInt(cap) : from
      for (let id = start; id < latest; id++) wanted.push({ feed, roundId: id, decimals: price.decimals })
    }
    // Backward: from the oldest stored round (or the latest) until the window is covered.
    const first = oldest.get(feed) ?? { roundId: latest, updatedAt: price.updatedAt }
    if (window > 0 && first.updatedAt >= windowStart && aggregatorRound(first.roundId) > 1n) {
      const floor = (phaseOf(first.roundId) << PHASE_SHIFT) + 1n
      for (let id = first.roundId - 1n, n = 0; id >= floor && n < cap; id--, n++) {
        wanted.push({ feed, roundId: id, decimals: price.decimals })
      }
    }
  }
  if (wanted.length === 0) return { rounds, calls: 0, requests: 0 }
  const calls: ReadCall[] = wanted.map(({ feed, roundId }) => ({
    address: feed,
    abi: aggregatorV3Abi,
    functionName: 'getRoundData',
    args: [roundId],
    label: `feed getRoundData ${feed} ${roundId}`,
  }))
  const { results, requests } = await executeReads({
    client: chain.client,
    calls,
    blockNumber,
    batchSize: chain.batchSize ?? 1000,
  })
  results.forEach((result, i) => {
    if (result.status !== 'success') return
    const [roundId, answer, , updatedAt] = result.result as readonly [bigint, bigint, bigint, bigint, bigint]
    const { feed, decimals } = wanted[i]!
    if (updatedAt === 0n) return
    rounds.push({ feed, roundId, answer, decimals, updatedAt: Number(updatedAt) })
  })
  return { rounds, calls: calls.length, requests }
}
