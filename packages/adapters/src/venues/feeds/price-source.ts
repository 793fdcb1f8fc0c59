import type { Address } from 'viem'
import type { ReadCall, ReadResult } from '../../adapter.js'
import { assertResultCount, successOf } from '../../read/read-result.js'
import { lower } from '../position-id.js'
import { aggregatorV3Abi } from './feed-abi.js'

/** A feed answer in the store's `PriceWrite` shape (`packages/store/src/types.ts`). */
export type FeedPrice = {
  feed: Address
  /** The asset the feed prices (token address), or null. */
  asset: Address | null
  /** The feed's int256 answer. */
  value: bigint
  decimals: number
  /** `updatedAt`, unix seconds. */
  updatedAt: number
  roundId: bigint
}

/**
 * Where prices come from on one chain: calls to batch with the block's other reads, and a
 * decoder of their results. Read once per block; no per-wallet calls.
 */
export type PriceSource = {
  /** Label for logs and errors: `chainlink`. */
  source: string
  reads: () => ReadCall[]
  decode: (results: readonly ReadResult[]) => FeedPrice[]
}

/** One Chainlink-style feed and the token it prices. */
export type FeedConfig = { feed: Address; asset: Address | null }

export type CreateChainlinkPriceSourceParameters = { feeds: readonly FeedConfig[] }

/**
 * A {@link PriceSource} over Chainlink-style aggregators: `latestRoundData` and `decimals` of every
 * feed, two calls each, in the block's batch. A reverted feed read throws (`ReadFailedError`)
 * instead of yielding a zero price.
 *
 * @example
 * const prices = createChainlinkPriceSource({ feeds: [{ feed: ethUsd, asset: weth }] })
 * const { results } = await executeReads({ client, blockNumber, calls: prices.reads() })
 * const writes = prices.decode(results) // [{ feed, asset, value: 3000_00000000n, decimals: 8, … }]
 */
export function createChainlinkPriceSource(parameters: CreateChainlinkPriceSourceParameters): PriceSource {
  const feeds = parameters.feeds.map((f) => ({ feed: lower(f.feed), asset: f.asset ? lower(f.asset) : null }))
  const reads = (): ReadCall[] =>
    feeds.flatMap(({ feed }): ReadCall[] => [
      {
        address: feed,
        abi: aggregatorV3Abi,
        functionName: 'latestRoundData',
        label: `feed latestRoundData ${feed}`,
      },
      { address: feed, abi: aggregatorV3Abi, functionName: 'decimals', label: `feed decimals ${feed}` },
    ])
  return {
    source: 'chainlink',
    reads,
    decode: (results) => {
      assertResultCount('chainlink feeds', feeds.length * 2, results.length)
      return feeds.map(({ feed, asset }, i) => {
        const [roundId, answer, , updatedAt] = successOf<readonly [bigint, bigint, bigint, bigint, bigint]>(
          results[2 * i],
          `feed latestRoundData ${feed}`,
        )
        const decimals = successOf<number>(results[2 * i + 1], `feed decimals ${feed}`)
        return { feed, asset, value: answer, decimals, updatedAt: Number(updatedAt), roundId }
      })
    },
  }
}
