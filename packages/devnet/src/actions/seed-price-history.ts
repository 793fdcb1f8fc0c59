import { createDevnetClient } from '../chain/client.js'
import { anvilKey, devnetTokens } from '../config.js'
import { DevnetError } from '../errors.js'
import type { DevnetManifest } from '../manifest.js'
import { seededPricePaths } from '../seed/price-paths.js'
import { devnetFeedAbi } from './feed-abi.js'

/** Rounds per `seedHistory` transaction (~45k gas each: 150 stay far below a block's gas limit). */
const CHUNK = 150
const DAY = 86_400

/** Parameters of {@link seedPriceHistory}. */
export type SeedPriceHistoryParameters = {
  /** Daily closes to write before today (1..3650). */
  days: number
  /** Seed of the paths (default 14): the same seed writes the same history. */
  seed?: number | undefined
}

/** Return type of {@link seedPriceHistory}. */
export type SeedPriceHistoryReturnType = {
  /** Feeds written, per chain. */
  feeds: { chainId: number; symbol: string; rounds: number }[]
}

/**
 * Writes a deterministic price history into every token feed of every chain: `days` daily closes
 * ending a day before the chain's latest block, following the seeded calm / crash / recovery paths
 * of `seededPricePaths` (ETH and BTC correlated; the same path for a symbol on every chain), scaled
 * to each feed's current answer; then each feed's current answer is posted again at the block time.
 * Feeds become Chainlink-style rounds `1..days+1` (`DevnetPriceFeed.seedHistory`), so an indexer
 * reads the history with `getRoundData`. Refuses a frozen feed (nothing is written on that chain).
 *
 * @example
 * await seedPriceHistory(manifest, { days: 365 })
 */
export async function seedPriceHistory(
  manifest: DevnetManifest,
  parameters: SeedPriceHistoryParameters,
): Promise<SeedPriceHistoryReturnType> {
  const { days } = parameters
  if (!Number.isInteger(days) || days < 1 || days > 3650) {
    throw new DevnetError(`--history-days must be an integer in [1, 3650], got ${days}.`)
  }
  const paths = seededPricePaths({ days, seed: parameters.seed ?? 14 })
  const pathOf = new Map(devnetTokens.map((t) => [t.symbol, paths[t.history]]))
  const feeds: SeedPriceHistoryReturnType['feeds'] = []
  for (const chain of manifest.chains) {
    const client = createDevnetClient({
      chainId: chain.chainId,
      rpcUrl: chain.rpcUrl,
      privateKey: anvilKey(0),
    })
    const { timestamp } = await client.getBlock({ blockTag: 'latest' })
    const times = Array.from({ length: days }, (_, k) => timestamp - BigInt((days - k) * DAY))
    for (const token of chain.tokens) {
      const path = pathOf.get(token.symbol)
      if (!path) throw new DevnetError(`No history path for devnet token ${token.symbol}.`)
      const current = await client.readContract({
        address: token.feed,
        abi: devnetFeedAbi,
        functionName: 'latestAnswer',
      })
      // Multiply in fixed point (1e12): answers stay integers in the feed's decimals.
      const answers = path.map((m) => (current * BigInt(Math.round(m * 1e12))) / 10n ** 12n)
      for (let start = 0; start < days; start += CHUNK) {
        const hash = await client.writeContract({
          address: token.feed,
          abi: devnetFeedAbi,
          functionName: 'seedHistory',
          args: [BigInt(start + 1), answers.slice(start, start + CHUNK), times.slice(start, start + CHUNK)],
        })
        const receipt = await client.waitForTransactionReceipt({ hash })
        if (receipt.status !== 'success') {
          throw new DevnetError(`seedHistory reverted for ${token.symbol} on chain ${chain.chainId}.`, {
            details: `Rounds ${start + 1}.. of ${days}; is the feed frozen?`,
          })
        }
      }
      feeds.push({ chainId: chain.chainId, symbol: token.symbol, rounds: days + 1 })
    }
  }
  return { feeds }
}
