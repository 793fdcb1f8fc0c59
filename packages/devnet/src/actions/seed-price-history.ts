import { baselBacktestObservations, emirLookbackObservations } from '@xmargin/engine'
import { encodeFunctionData, type Hash, type Hex } from 'viem'
import { createDevnetClient, type DevnetClient } from '../chain/client.js'
import { presignFees } from '../chain/fees.js'
import { anvilKey, devnetTokens } from '../config.js'
import { DevnetError } from '../errors.js'
import type { DevnetManifest, ManifestChain } from '../manifest.js'
import { seededPricePaths } from '../seed/price-paths.js'
import { devnetFeedAbi } from './feed-abi.js'

/**
 * Gas reserved per seeded round (two new storage slots and an `AnswerUpdated` log): 47,711 measured
 * (`bench/seed-history.ts`). What a transaction reserves decides how many share a block.
 */
const GAS_PER_ROUND = 50_000n
/** A call's own cost: the transaction, the calldata head, today's round written again. */
const GAS_PER_CALL = 150_000n
/** Under the 2^24 per-transaction gas cap of newer hardforks (EIP-7825). */
const MAX_TRANSACTION_GAS = 16_000_000n
const DAY = 86_400

/**
 * Days of history a dynamic backtest of the default length needs at the default window: 615, 365
 * daily closes per calibration (`emirLookbackObservations`, EMIR's 12-month minimum) before each of
 * 250 backtest days (`baselBacktestObservations`): `pnpm devnet --history-days 615`,
 * `pnpm dev --history-days 615`. Not the devnet's default: `xmargin dev` seeds no history unless
 * asked, because indexing 615 days makes it start in about 12 s instead of 5 (README, "The devnet").
 *
 * @example
 * await seedPriceHistory(manifest, { days: dynamicHistoryDays })
 */
export const dynamicHistoryDays = emirLookbackObservations + baselBacktestObservations

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
 * reads the history with `getRoundData`. Refuses a frozen feed before sending anything (nothing is
 * written on any chain).
 *
 * Chains are seeded in parallel; on each, mining is paused, the `seedHistory` calls are sent a full
 * block's worth at a time (nonces and gas set locally, no receipt awaited per call) and that block is
 * mined, then mining resumes as it was. Sending one call and waiting for its receipt, as before,
 * cost one block each: with `pnpm devnet`'s 2-second blocks, 158 s for 615 days (80 calls), against
 * a few seconds now.
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
  // Every chain's calls are prepared (and every feed checked) before anything is sent anywhere.
  const plans = await Promise.all(manifest.chains.map((chain) => planChain(chain, days, pathOf)))
  const seeded = await Promise.allSettled(plans.map((plan) => seedChain(plan, days)))
  const failed = seeded.find((r): r is PromiseRejectedResult => r.status === 'rejected')
  if (failed) throw failed.reason
  return {
    feeds: manifest.chains.flatMap((chain) =>
      chain.tokens.map((token) => ({ chainId: chain.chainId, symbol: token.symbol, rounds: days + 1 })),
    ),
  }
}

type SeedCall = { symbol: string; start: number; data: Hex; gas: bigint; to: `0x${string}` }
type ChainPlan = { client: DevnetClient; calls: SeedCall[] }

/** One chain's `seedHistory` calls: chunks of as many rounds as let two calls fill a block. */
async function planChain(
  chain: ManifestChain,
  days: number,
  pathOf: Map<string, number[]>,
): Promise<ChainPlan> {
  const client = createDevnetClient({ chainId: chain.chainId, rpcUrl: chain.rpcUrl, privateKey: anvilKey(0) })
  const read = (feed: `0x${string}`, functionName: 'frozen' | 'latestAnswer') =>
    client.readContract({ address: feed, abi: devnetFeedAbi, functionName })
  const { timestamp, gasLimit } = await client.getBlock({ blockTag: 'latest' })
  const callGas = gasLimit / 2n < MAX_TRANSACTION_GAS ? gasLimit / 2n : MAX_TRANSACTION_GAS
  const chunk = Number((callGas - GAS_PER_CALL) / GAS_PER_ROUND) // 297 rounds in a 30 M gas block
  const times = Array.from({ length: days }, (_, k) => timestamp - BigInt((days - k) * DAY))
  const calls: SeedCall[] = []
  for (const token of chain.tokens) {
    const path = pathOf.get(token.symbol)
    if (!path) throw new DevnetError(`No history path for devnet token ${token.symbol}.`)
    if (await read(token.feed, 'frozen'))
      throw new DevnetError(
        `The ${token.symbol} feed on chain ${chain.chainId} is frozen; nothing was seeded.`,
        {
          details: 'Resume it first: pnpm stale <asset> --resume.',
        },
      )
    const current = (await read(token.feed, 'latestAnswer')) as bigint
    // Multiply in fixed point (1e12): answers stay integers in the feed's decimals.
    const answers = path.map((m) => (current * BigInt(Math.round(m * 1e12))) / 10n ** 12n)
    for (let start = 0; start < days; start += chunk) {
      const rounds = answers.slice(start, start + chunk)
      calls.push({
        symbol: token.symbol,
        start,
        to: token.feed,
        gas: GAS_PER_CALL + GAS_PER_ROUND * BigInt(rounds.length),
        data: encodeFunctionData({
          abi: devnetFeedAbi,
          functionName: 'seedHistory',
          args: [BigInt(start + 1), rounds, times.slice(start, start + chunk)],
        }),
      })
    }
  }
  // Every feed's first chunk, then every second one…: each feed's rounds stay in order, and the
  // full chunks pair up in blocks before the short last ones share one.
  return { client, calls: calls.sort((a, b) => a.start - b.start) }
}

async function seedChain(plan: ChainPlan, days: number): Promise<void> {
  const { client, calls } = plan
  const hashes = await sendPaused(client, calls)
  const receipts = await Promise.all(hashes.map((hash) => client.getTransactionReceipt({ hash })))
  for (const [i, receipt] of receipts.entries()) {
    if (receipt.status !== 'success') {
      const call = calls[i]!
      throw new DevnetError(`seedHistory reverted for ${call.symbol} on chain ${client.chain.id}.`, {
        details: `Rounds ${call.start + 1}.. of ${days}; transaction ${receipt.transactionHash}.`,
      })
    }
  }
}

/**
 * Sends `calls` in order with mining paused (automine and interval mining), a block's worth at a time
 * (as many as the block gas limit holds by their gas limits), mining one block after each, then
 * restores the chain's mining mode. One block's worth at a time because anvil drops from its pool a
 * transaction that did not fit the block being mined (seen with all 15 calls of 615 days sent at
 * once: the last 5 vanished). If sending fails, what was sent for that block is dropped.
 */
async function sendPaused(client: DevnetClient, calls: SeedCall[]): Promise<Hash[]> {
  const mode = {
    automine: await client.getAutomine(),
    interval: Number(await client.request({ method: 'anvil_getIntervalMining' as never })),
  }
  const account = client.account
  if (account.type !== 'local') throw new DevnetError('The devnet seeds with a local account.')
  const hashes: Hash[] = []
  try {
    await client.setAutomine(false)
    await client.setIntervalMining({ interval: 0 })
    const [nonce, block] = await Promise.all([
      client.getTransactionCount({ address: account.address, blockTag: 'pending' }),
      client.getBlock({ blockTag: 'latest' }),
    ])
    const fees = await presignFees(client, block, 4n)
    for (let next = 0; next < calls.length; ) {
      const group: Hash[] = []
      let gas = 0n
      try {
        while (next < calls.length && (group.length === 0 || gas + calls[next]!.gas <= block.gasLimit)) {
          const call = calls[next]!
          const serializedTransaction = await account.signTransaction({
            chainId: client.chain.id,
            to: call.to,
            data: call.data,
            gas: call.gas,
            nonce: nonce + next,
            ...fees,
          })
          group.push(await client.sendRawTransaction({ serializedTransaction }))
          gas += call.gas
          next++
        }
      } catch (cause) {
        for (const hash of group) await client.dropTransaction({ hash })
        throw new DevnetError(`Sending the seeded history on chain ${client.chain.id} failed.`, {
          details: `${hashes.length} of ${calls.length} seedHistory calls were mined before.`,
          cause,
        })
      }
      await client.mine({ blocks: 1 })
      // Nonce order: the group's last receipt means the whole group is in this block.
      const last = group.at(-1)!
      await client.getTransactionReceipt({ hash: last }).catch((cause: unknown) => {
        throw new DevnetError(`A block of the seeded history on chain ${client.chain.id} was not mined.`, {
          details: `${group.length} calls sent for it, ${hashes.length} of ${calls.length} mined before.`,
          cause,
        })
      })
      hashes.push(...group)
    }
  } finally {
    if (mode.interval > 0) await client.setIntervalMining({ interval: mode.interval })
    if (mode.automine) await client.setAutomine(true)
  }
  return hashes
}
