import type { Log } from 'viem'
import { type GetLogsChunksParameters, getLogsChunks } from './get-logs-chunks.js'

export type GetLogsSplitParameters = GetLogsChunksParameters

/**
 * `eth_getLogs` over [fromBlock, toBlock] in chunks of at most `maxRange`, halving a chunk when the
 * provider refuses it for its size (providers differ in their limits and say so in the error).
 * Other errors propagate. Logs come back in chain order. (All chunks at once: see
 * `getLogsChunks` to stop between them.)
 *
 * @example
 * const logs = await getLogsSplit({ client, address, events, fromBlock: 0n, toBlock: 5000n, maxRange: 2000 })
 */
export async function getLogsSplit(
  parameters: GetLogsSplitParameters,
): Promise<Log<bigint, number, false>[]> {
  const logs: Log<bigint, number, false>[] = []
  for await (const chunk of getLogsChunks(parameters)) logs.push(...chunk.logs)
  return logs
}
