import { type Address, encodeFunctionData, type Hash, type Hex } from 'viem'
import { createDevnetClient, type DevnetClient } from '../chain/client.js'
import { presignFees } from '../chain/fees.js'
import { anvilKey } from '../config.js'
import { DevnetError } from '../errors.js'
import { FEED_KEEPER_INDEX } from '../seed/wallets.js'
import { devnetFeedAbi } from './feed-abi.js'

/** Gas a refresh is given: it writes one round and the latest round id and logs two events (~80k). */
const refreshGas = 150_000n

/** The refresh in progress per node in this process: the keeper's nonces are read once per call. */
const inFlight = new Map<string, Promise<RefreshFeedsReturnType>>()

/** What {@link refreshFeeds} did. */
export type RefreshFeedsReturnType = {
  /** The feeds that got a new round (the frozen ones did not). */
  refreshed: Address[]
  /** The blocks that hold the new rounds, ascending: one, unless the node mined in between. */
  blockNumbers: bigint[]
}

/**
 * Posts a new round (same answer, current timestamp) on every feed that is not frozen: the devnet's
 * heartbeat, as Chainlink nodes re-post unchanged prices. Resolves once every round is mined.
 *
 * - Sent from the feed keeper (`FEED_KEEPER_INDEX`), whose only transactions these are: the feeds'
 *   owner sets prices and freezes from other processes at the same time (`pnpm shock`,
 *   `pnpm stale`), and two processes sending from one account take each other's nonces.
 * - The refreshes go out at once, signed here with consecutive nonces and a fixed gas, and are mined
 *   in one block: a beat costs two reads, one send per feed and one block. A nonce read, a gas
 *   estimate, a send and a block per feed, one feed after another, took longer than the heartbeat's
 *   period under load, and the indexer fell behind reading a block per feed: feeds went stale while
 *   the heartbeat ran. Calls on one node wait for each other.
 * - A feed frozen after it was read reverts its refresh; that is left so.
 *
 * @example
 * await refreshFeeds(rpcUrl, 1, feeds)
 */
export async function refreshFeeds(
  rpcUrl: string,
  chainId: number,
  feeds: readonly Address[],
): Promise<RefreshFeedsReturnType> {
  const previous = inFlight.get(rpcUrl) ?? Promise.resolve()
  const current = previous.catch(() => undefined).then(() => refreshNow(rpcUrl, chainId, feeds))
  inFlight.set(rpcUrl, current)
  try {
    return await current
  } finally {
    if (inFlight.get(rpcUrl) === current) inFlight.delete(rpcUrl)
  }
}

async function refreshNow(
  rpcUrl: string,
  chainId: number,
  feeds: readonly Address[],
): Promise<RefreshFeedsReturnType> {
  const client = createDevnetClient({ chainId, rpcUrl, privateKey: anvilKey(FEED_KEEPER_INDEX) })
  const { account } = client
  if (account.type !== 'local') throw new DevnetError('The feed keeper signs locally.')
  const [frozen, nonce, block] = await Promise.all([
    isFrozen(client, feeds),
    client.getTransactionCount({ address: account.address, blockTag: 'pending' }),
    client.getBlock({ blockTag: 'latest' }),
  ])
  const live = feeds.filter((_, i) => !frozen[i])
  const fees = await presignFees(client, block, 4n)
  const data = encodeFunctionData({ abi: devnetFeedAbi, functionName: 'refresh' })
  const signed = await Promise.all(
    live.map((feed, i) =>
      account.signTransaction({ chainId, to: feed, data, gas: refreshGas, nonce: nonce + i, ...fees }),
    ),
  )
  const hashes = await sendAllOrNone(client, signed)
  // Nonce order: once the last nonce is mined, so are all before it. One wait, not one poll per feed
  // (ten feeds polled every 20 ms on three chains was 1,500 requests a second to the nodes).
  if (hashes.length > 0) await client.waitForTransactionReceipt({ hash: hashes.at(-1)!, pollingInterval: 50 })
  const receipts = await Promise.all(hashes.map((hash) => client.getTransactionReceipt({ hash })))
  const reverted = live.filter((_, i) => receipts[i]!.status !== 'success')
  if (reverted.length > 0) {
    const frozenNow = await isFrozen(client, reverted)
    const failed = reverted.filter((_, i) => !frozenNow[i])
    if (failed.length > 0)
      throw new DevnetError(
        `A refresh reverted on chain ${chainId} on a feed that is not frozen: ${failed.join(', ')}.`,
      )
  }
  return {
    refreshed: live.filter((_, i) => receipts[i]!.status === 'success'),
    blockNumbers: [...new Set(receipts.map((r) => r.blockNumber))].sort((a, b) =>
      a < b ? -1 : a > b ? 1 : 0,
    ),
  }
}

/**
 * Sends `signed` (consecutive nonces) with the first one last and returns their hashes in nonce
 * order. If any send fails, the ones the node took are dropped from its pool before the error is
 * thrown: left there, the later nonces would wait behind the missing one, and the next beat's would
 * collide with them.
 */
async function sendAllOrNone(client: DevnetClient, signed: readonly Hex[]): Promise<Hash[]> {
  if (signed.length === 0) return []
  const send = (serializedTransaction: Hex) => client.sendRawTransaction({ serializedTransaction })
  // The first nonce goes last: the others wait in the pool for it, and then an automining node mines
  // them all in one block, as a node mining on an interval does. One block per chain per beat, not
  // one per feed, each of which the indexer reads.
  const later = await Promise.allSettled(signed.slice(1).map(send))
  const first = later.some((r) => r.status === 'rejected') ? [] : await Promise.allSettled([send(signed[0]!)])
  const results = [...first, ...later]
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
  if (!failed) return results.map((r) => (r as PromiseFulfilledResult<Hash>).value)
  // The keeper sends nothing else, so all its pooled transactions are this beat's. (Anvil's
  // dropTransaction leaves the ones waiting for an earlier nonce in the pool.)
  if (results.some((r) => r.status === 'fulfilled'))
    await client.request({
      method: 'anvil_removePoolTransactions' as never,
      params: [client.account.address] as never,
    })
  throw new DevnetError(
    `Sending the feed refreshes on chain ${client.chain.id} failed; none was left pending.`,
    {
      cause: failed.reason as Error,
    },
  )
}

function isFrozen(client: DevnetClient, feeds: readonly Address[]): Promise<boolean[]> {
  return Promise.all(
    feeds.map((feed) => client.readContract({ address: feed, abi: devnetFeedAbi, functionName: 'frozen' })),
  )
}
