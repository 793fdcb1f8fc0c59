import { setTimeout as sleep } from 'node:timers/promises'
import type { Hash } from 'viem'
import type { DevnetClient } from '../chain/client.js'
import { DevnetError } from '../errors.js'

/** Longest wait for the wall clock to reach the chosen timestamp (interval-mining chains). */
const MAX_WAIT_MS = 3000

/** Parameters of {@link mineTogether}. */
export type MineTogetherParameters = {
  /** One client per chain (its sender signs `submit`'s transactions). */
  clients: readonly DevnetClient[]
  /** Sends the chain's transactions (without waiting for them) and returns their hashes. */
  submit: (client: DevnetClient, index: number) => Promise<readonly Hash[]>
}
/** Return type of {@link mineTogether}. */
export type MineTogetherReturnType = {
  /** The one timestamp of the block mined on every chain. */
  timestamp: bigint
  /** Per chain (in `clients` order), the block that holds its transactions. */
  blockNumbers: bigint[]
}

/**
 * Lands transactions on several chains in one block each, all stamped with one timestamp: mining
 * is paused on every chain (automine and interval mining), every chain's transactions go to its
 * mempool, the next block of every chain is set to one timestamp (one second past the latest
 * chain's, or the latest chain clock (pending timestamp), or now, whichever is last; on chains that mine on an interval, the wall clock is awaited up to 3 s
 * so their clocks do not drift ahead) and each chain mines exactly that block; then mining resumes
 * as it was.
 * So no chain shows the change a block before another, and every feed round has the same
 * `updatedAt`. If sending fails on any chain, what was sent is dropped from the mempools and nothing
 * is mined (all or nothing); a transaction that reverted is reported after mining resumes.
 *
 * @example
 * await mineTogether({ clients, submit: async (c) => [await c.writeContract({ … })] })
 */
export async function mineTogether(parameters: MineTogetherParameters): Promise<MineTogetherReturnType> {
  const { clients, submit } = parameters
  const modes = await Promise.all(
    clients.map(async (client) => ({
      automine: await client.getAutomine(),
      interval: Number(await client.request({ method: 'anvil_getIntervalMining' as never })),
    })),
  )
  let hashes: (readonly Hash[])[] = []
  let timestamp = 0n
  try {
    await Promise.all(
      clients.map(async (client) => {
        await client.setAutomine(false)
        await client.setIntervalMining({ interval: 0 })
      }),
    )
    const sent = await Promise.allSettled(clients.map((client, i) => submit(client, i)))
    const failed = sent.findIndex((r) => r.status === 'rejected')
    if (failed >= 0) {
      // All or nothing: what did go out is dropped before mining resumes.
      for (const [i, result] of sent.entries())
        if (result.status === 'fulfilled')
          for (const hash of result.value) await clients[i]!.dropTransaction({ hash })
      const reason = (sent[failed] as PromiseRejectedResult).reason as Error
      throw new DevnetError(`Sending on chain ${clients[failed]!.chain.id} failed; nothing was changed.`, {
        details: (reason as { shortMessage?: string }).shortMessage ?? reason.message,
        cause: reason,
      })
    }
    hashes = sent.map((r) => (r as PromiseFulfilledResult<readonly Hash[]>).value)
    const latest = await Promise.all(clients.map((client) => client.getBlock({ blockTag: 'latest' })))
    // A chain's pending timestamp is its clock (ahead of the wall clock where time was moved on it
    // alone): no chain may get a block stamped below it, since indexers record that clock as "every
    // block below it is indexed" and readers cut all chains at one time with it.
    const pending = await Promise.all(clients.map((client) => client.getBlock({ blockTag: 'pending' })))
    const now = BigInt(Math.floor(Date.now() / 1000))
    timestamp = [...latest.map((b) => b.timestamp + 1n), ...pending.map((b) => b.timestamp)].reduce(
      (max, t) => (t > max ? t : max),
      now,
    )
    // Chains that mine on an interval run on the wall clock (a running `dev`): wait for it to reach
    // the timestamp rather than push every chain's clock ahead of it, which would delay staleness.
    const ahead = Number(timestamp) * 1000 - Date.now()
    if (modes.some((m) => m.interval > 0) && ahead > 0 && ahead <= MAX_WAIT_MS) await sleep(ahead)
    await Promise.all(
      clients.map(async (client) => {
        await client.setNextBlockTimestamp({ timestamp })
        await client.mine({ blocks: 1 })
      }),
    )
  } finally {
    await Promise.all(
      clients.map(async (client, i) => {
        const mode = modes[i]!
        if (mode.interval > 0) await client.setIntervalMining({ interval: mode.interval })
        if (mode.automine) await client.setAutomine(true)
      }),
    )
  }
  const blockNumbers = await Promise.all(
    clients.map(async (client, i) => {
      const receipts = await Promise.all(
        hashes[i]!.map((hash) => client.waitForTransactionReceipt({ hash, pollingInterval: 20 })),
      )
      const reverted = receipts.filter((r) => r.status !== 'success')
      if (reverted.length > 0)
        throw new DevnetError(
          `${reverted.length} transaction(s) reverted on chain ${client.chain.id}: ${reverted.map((r) => r.transactionHash).join(', ')}.`,
        )
      const blocks = new Set(receipts.map((r) => r.blockNumber))
      if (blocks.size > 1)
        throw new DevnetError(`The transactions on chain ${client.chain.id} landed in ${blocks.size} blocks.`)
      return receipts[0]?.blockNumber ?? (await client.getBlockNumber())
    }),
  )
  return { timestamp, blockNumbers }
}
