import type { Hash, TransactionReceipt } from 'viem'
import type { DevnetClient } from '../chain/client.js'
import { DevnetError } from '../errors.js'

/**
 * Waits for a sent transaction and fails with a `DevnetError` naming the step when sending
 * (gas estimation carries revert reasons such as Perp's `CH_NEFCI`) or mining fails.
 *
 * @example
 * await confirmTx(client, 'deposit USDC', client.writeContract({ address: vault, abi: perpVaultAbi, functionName: 'deposit', args: [usdc, 1n] }))
 */
export async function confirmTx(
  client: DevnetClient,
  step: string,
  sent: Promise<Hash>,
): Promise<TransactionReceipt> {
  let hash: Hash
  try {
    hash = await sent
  } catch (cause) {
    const reason =
      cause instanceof Error ? ((cause as { shortMessage?: string }).shortMessage ?? cause.message) : ''
    throw new DevnetError(`${step} failed.`, { details: reason, cause })
  }
  const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 })
  if (receipt.status !== 'success') {
    throw new DevnetError(`${step} reverted.`, { details: `transaction ${hash}` })
  }
  return receipt
}
