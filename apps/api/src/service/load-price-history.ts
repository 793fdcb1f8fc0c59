import type { FactorId, RiskParameters } from '@xmargin/core'
import { InvalidPriceHistoryError, type PriceHistory, priceHistoryFromRounds } from '@xmargin/engine'
import type { Store, StoredPrice } from '@xmargin/store'
import type { ApiChain } from '../chain.js'
import { ApiError } from '../errors.js'
import { toCorePrices } from './load-book.js'
import type { HeadsSnapshot } from './request-loaders.js'

/** The feed a factor's history is read from: the first (by chain, then feed) pricing its reference asset. */
export type ReferenceFeed = {
  factor: FactorId
  chainId: number
  feed: `0x${string}`
  /** The newest stored round of the feed as of the chain's pinned block. */
  newest: { roundId: bigint; updatedAt: number }
}

/** Parameters of {@link referenceFeeds}. */
export type ReferenceFeedsParameters = {
  store: Store
  chains: ReadonlyMap<number, ApiChain>
  params: RiskParameters
  /** The request's pinned heads and the feed answers read at them. */
  heads: HeadsSnapshot
  prices: readonly StoredPrice[]
}

/**
 * Per factor of `params`, the feed its history is read from: the stored feed (as of the pinned
 * blocks) that prices the factor's `referenceAsset` (ETH's native coin through WETH's feed, by the
 * same mapping as the report's prices), on the lowest chain id, then the lowest feed address. A
 * factor no indexed feed prices is left out (it keeps its static parameters, and the calibration
 * lists it under `inputs.staticFactors`). A chosen feed with no stored round at its pinned block
 * is refused with `INSUFFICIENT_HISTORY`: it is priced, so its history is missing, not absent.
 *
 * @example
 * const feeds = await referenceFeeds({ store, chains, params, heads, prices })
 * feeds[0] // { factor: 'BTC', chainId: 1, feed: '0x…', newest: { roundId: 366n, updatedAt: 1764892800 } }
 */
export async function referenceFeeds(parameters: ReferenceFeedsParameters): Promise<ReferenceFeed[]> {
  const { store, chains, params, heads, prices } = parameters
  const sorted = [...prices].sort(
    (a, b) => a.chainId - b.chainId || (a.feed < b.feed ? -1 : a.feed > b.feed ? 1 : 0),
  )
  const chosen: Omit<ReferenceFeed, 'newest'>[] = []
  for (const factor of Object.keys(params.factors).sort()) {
    const reference = params.factors[factor]!.referenceAsset
    const row = sorted.find((p) => toCorePrices(chains, [p]).some((price) => price.asset === reference))
    if (row) chosen.push({ factor, chainId: row.chainId, feed: row.feed })
  }
  const bounds = new Map<number, Awaited<ReturnType<Store['getFeedRoundBounds']>>>()
  for (const chainId of new Set(chosen.map((c) => c.chainId))) {
    const pin = heads.pins.find((p) => p.chainId === chainId)
    bounds.set(chainId, await store.getFeedRoundBounds({ chainId, at: pin?.blockNumber }))
  }
  return chosen.map((c) => {
    const found = bounds.get(c.chainId)?.find((b) => b.feed === c.feed)
    if (!found)
      throw new ApiError(
        'INSUFFICIENT_HISTORY',
        `Factor ${c.factor} has no stored price history (feed ${c.feed} on chain ${c.chainId}); the dynamic margin needs the indexer's feed rounds.`,
      )
    return { ...c, newest: found.newest }
  })
}

/** The stored rounds of each factor's reference feed, as `loadFeedRounds` reads them. */
export type FactorRounds = Record<FactorId, Awaited<ReturnType<Store['getFeedRounds']>>>

/** Parameters of {@link loadFeedRounds}. */
export type LoadFeedRoundsParameters = {
  store: Store
  feeds: readonly ReferenceFeed[]
  heads: HeadsSnapshot
  /** Oldest `updatedAt` read (unix seconds); default every stored round. */
  fromTime?: number | undefined
  /** Newest `updatedAt` read (unix seconds). */
  toTime: number
}

/**
 * Per factor, the stored rounds of its reference feed with `updatedAt` in `[fromTime, toTime]`, read
 * at or below its chain's pinned block, oldest first.
 *
 * @example
 * const rounds = await loadFeedRounds({ store, feeds, heads, toTime: feeds[0].newest.updatedAt })
 */
export async function loadFeedRounds(parameters: LoadFeedRoundsParameters): Promise<FactorRounds> {
  const { store, feeds, heads, fromTime, toTime } = parameters
  const rounds: FactorRounds = {}
  for (const f of feeds) {
    const pin = heads.pins.find((p) => p.chainId === f.chainId)
    const stored = await store.getFeedRounds({ chainId: f.chainId, feed: f.feed, fromTime, toTime })
    rounds[f.factor] = pin ? stored.filter((r) => r.blockNumber <= pin.blockNumber) : stored
  }
  return rounds
}

/** Parameters of {@link sampleHistory}. */
export type SampleHistoryParameters = {
  rounds: FactorRounds
  /** First and last grid time (unix seconds). */
  from: number
  to: number
  periodSeconds: number
}

/**
 * `priceHistoryFromRounds` on stored rounds: a grid the rounds do not cover (no round in the two
 * periods before a grid time) is `INSUFFICIENT_HISTORY`, never a shorter grid.
 *
 * @example
 * const history = sampleHistory({ rounds, from: to - 364 * 86_400, to, periodSeconds: 86_400 })
 */
export function sampleHistory(parameters: SampleHistoryParameters): PriceHistory {
  const { rounds, from, to, periodSeconds } = parameters
  try {
    return priceHistoryFromRounds({ rounds, from, to, periodSeconds })
  } catch (error) {
    if (!(error instanceof InvalidPriceHistoryError)) throw error
    const observations = Math.floor((to - from) / periodSeconds) + 1
    throw new ApiError(
      'INSUFFICIENT_HISTORY',
      `The stored price history does not cover ${observations} observations ending ${new Date(to * 1000).toISOString()}: ${error.shortMessage}`,
      { cause: error },
    )
  }
}

/** Parameters of {@link loadPriceHistory}. */
export type LoadPriceHistoryParameters = {
  store: Store
  feeds: readonly ReferenceFeed[]
  heads: HeadsSnapshot
  /** Observations (grid points) ending at the newest round of the feeds. */
  observations: number
  periodSeconds: number
}

/**
 * The daily grid of factor prices the backtest reads: `observations` points one period apart,
 * ending at the newest round of `feeds` (so the history moves when a round lands), each factor's
 * price the answer of its last round read at or below its chain's pinned block. Too short a
 * history, or a feed that stopped for more than two periods inside the window, is
 * `INSUFFICIENT_HISTORY` (never a shorter window).
 *
 * @example
 * const history = await loadPriceHistory({ store, feeds, heads, observations: 365, periodSeconds: 86_400 })
 */
export async function loadPriceHistory(parameters: LoadPriceHistoryParameters): Promise<PriceHistory> {
  const { store, feeds, heads, observations, periodSeconds } = parameters
  if (feeds.length === 0)
    throw new ApiError('INSUFFICIENT_HISTORY', 'No indexed feed prices a factor of the risk parameters.')
  const to = Math.max(...feeds.map((f) => f.newest.updatedAt))
  const from = to - (observations - 1) * periodSeconds
  // Rounds up to two periods before the window may set its first close.
  const rounds = await loadFeedRounds({ store, feeds, heads, fromTime: from - 2 * periodSeconds, toTime: to })
  return sampleHistory({ rounds, from, to, periodSeconds })
}
