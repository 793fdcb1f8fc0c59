import { createTestClient, http } from 'viem'

/** Blocks per `anvil_mine` request: a request's work stays well inside the RPC timeout on a busy machine. */
const blocksPerRequest = 50

/**
 * Mines `blocks` empty blocks on a devnet chain, a bounded number per request: one `anvil_mine`
 * of 600 blocks ran past viem's 10 s request timeout on a busy machine (the crash test's setup).
 *
 * @example
 * await mineBlocks(chain.rpcUrl, 600) // twelve requests of 50 blocks
 */
export async function mineBlocks(rpcUrl: string, blocks: number): Promise<void> {
  const client = createTestClient({ mode: 'anvil', transport: http(rpcUrl) })
  for (let left = blocks; left > 0; left -= blocksPerRequest)
    await client.mine({ blocks: Math.min(left, blocksPerRequest) })
}
