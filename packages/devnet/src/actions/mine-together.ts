import type { Hash } from 'viem'
import type { DevnetClient } from '../chain/client.js'
import { DevnetError } from '../errors.js'

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
 * chain's, or now if later) and each chain mines exactly that block; then mining resumes as it was.
 * So no chain shows the change a block before another, and every feed round has the same
 * `updatedAt`. Refuses, after resuming mining, if a transaction reverted.
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
    hashes = await Promise.all(clients.map((client, i) => submit(client, i)))
    const latest = await Promise.all(clients.map((client) => client.getBlock({ blockTag: 'latest' })))
    const now = BigInt(Math.floor(Date.now() / 1000))
    timestamp = latest.reduce((max, block) => (block.timestamp + 1n > max ? block.timestamp + 1n : max), now)
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
