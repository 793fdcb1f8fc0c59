import type { AbiEvent, Address, Log, PublicClient } from 'viem'

export type GetLogsSplitParameters = {
  client: PublicClient
  address: Address[]
  events: readonly AbiEvent[]
  fromBlock: bigint
  toBlock: bigint
  /** Largest range tried first. */
  maxRange: number
}

/** Errors through which providers say "range too large / too many results". */
const rangeErrorPattern =
  /range|too many|limit|exceed|10000|query returned more than|block range|response size/i

/**
 * `eth_getLogs` over [fromBlock, toBlock] in chunks of at most `maxRange`, halving a chunk when the
 * provider refuses it for its size (providers differ in their limits and say so in the error).
 * Other errors propagate. Logs come back in chain order.
 *
 * @example
 * const logs = await getLogsSplit({ client, address, events, fromBlock: 0n, toBlock: 5000n, maxRange: 2000 })
 */
export async function getLogsSplit(
  parameters: GetLogsSplitParameters,
): Promise<Log<bigint, number, false>[]> {
  const { client, address, events, fromBlock, toBlock, maxRange } = parameters
  if (address.length === 0 || events.length === 0 || fromBlock > toBlock) return []
  const logs: Log<bigint, number, false>[] = []
  let from = fromBlock
  let range = BigInt(maxRange)
  while (from <= toBlock) {
    const to = from + range - 1n < toBlock ? from + range - 1n : toBlock
    try {
      const chunk = await client.getLogs({ address, events, fromBlock: from, toBlock: to, strict: false })
      logs.push(...(chunk as Log<bigint, number, false>[]))
      from = to + 1n
    } catch (error) {
      const message =
        error instanceof Error ? `${error.message} ${String((error as { details?: string }).details)}` : ''
      if (range > 1n && rangeErrorPattern.test(message)) {
        range = range / 2n
        continue
      }
      throw error
    }
  }
  return logs
}
