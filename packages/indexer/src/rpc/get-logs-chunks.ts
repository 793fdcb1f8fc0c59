import type { AbiEvent, Address, Log, PublicClient } from 'viem'

/** Parameters of {@link getLogsChunks}. */
export type GetLogsChunksParameters = {
  client: PublicClient
  address: Address[]
  events: readonly AbiEvent[]
  fromBlock: bigint
  toBlock: bigint
  /** Largest range tried first. */
  maxRange: number
}

/** One answered `eth_getLogs`: every log of the venues in [fromBlock, toBlock], in chain order. */
export type LogsChunk = { fromBlock: bigint; toBlock: bigint; logs: Log<bigint, number, false>[] }

/** Return type of {@link getLogsChunks}: the chunks in block order, contiguous from `fromBlock`. */
export type GetLogsChunksReturnType = AsyncGenerator<LogsChunk, void, undefined>

/** Errors through which providers say "range too large / too many results". */
const rangeErrorPattern =
  /range|too many|limit|exceed|10000|query returned more than|block range|response size/i

/**
 * `eth_getLogs` over [fromBlock, toBlock] in chunks of at most `maxRange`, yielded one by one as
 * they are answered; a chunk the provider refuses for its size (providers differ in their limits
 * and say so in the error) is halved, and later chunks keep the smaller range. Other errors
 * propagate. The caller may stop between chunks (`break`): no further request is sent, and every
 * block up to the last yielded chunk's `toBlock` has been scanned.
 *
 * @example
 * for await (const chunk of getLogsChunks({ client, address, events, fromBlock: 0n, toBlock: 5000n, maxRange: 2000 })) {
 *   handle(chunk.logs)
 *   if (stopping()) break // scanned up to chunk.toBlock
 * }
 */
export async function* getLogsChunks(parameters: GetLogsChunksParameters): GetLogsChunksReturnType {
  const { client, address, events, fromBlock, toBlock, maxRange } = parameters
  if (fromBlock > toBlock) return
  if (address.length === 0 || events.length === 0) {
    // Nothing to ask for: the whole range is scanned (and empty) without a request.
    yield { fromBlock, toBlock, logs: [] }
    return
  }
  let from = fromBlock
  let range = BigInt(maxRange)
  while (from <= toBlock) {
    const to = from + range - 1n < toBlock ? from + range - 1n : toBlock
    let chunk: Log<bigint, number, false>[]
    try {
      chunk = (await client.getLogs({
        address,
        events,
        fromBlock: from,
        toBlock: to,
        strict: false,
      })) as Log<bigint, number, false>[]
    } catch (error) {
      const message =
        error instanceof Error ? `${error.message} ${String((error as { details?: string }).details)}` : ''
      if (range > 1n && rangeErrorPattern.test(message)) {
        range = range / 2n
        continue
      }
      throw error
    }
    yield { fromBlock: from, toBlock: to, logs: chunk }
    from = to + 1n
  }
}
