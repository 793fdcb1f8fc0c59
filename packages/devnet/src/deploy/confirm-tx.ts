import { BaseError, ContractFunctionRevertedError, type Hash, type TransactionReceipt } from 'viem'
import type { DevnetClient } from '../chain/client.js'
import { DevnetError } from '../errors.js'

/**
 * Waits for a sent transaction and fails with a `DevnetError` naming the step when sending
 * (gas estimation carries revert reasons such as Perp's `CH_NEFCI`) or mining fails. Every deploy
 * and seed step of the devnet goes through it.
 *
 * @example
 * await confirmTx(client, 'deposit USDC', client.writeContract({ address: vault, abi: perpVaultAbi, functionName: 'deposit', args: [usdc, 1n] }))
 */
export async function confirmTx(
  client: DevnetClient,
  step: string,
  sent: Hash | Promise<Hash>,
): Promise<TransactionReceipt> {
  let hash: Hash
  try {
    hash = await sent
  } catch (cause) {
    throw new DevnetError(`${step} failed.`, { details: revertReason(cause), cause })
  }
  let receipt: TransactionReceipt
  try {
    receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 })
  } catch (cause) {
    // The wait's own error names the transaction and what the node last said of it.
    throw new DevnetError(`${step}: no receipt.`, {
      details: cause instanceof Error ? cause.message : String(cause),
      cause,
    })
  }
  if (receipt.status !== 'success') {
    const { gas } = await client.getTransaction({ hash })
    const outOfGas = receipt.gasUsed >= gas ? ' (out of gas)' : ''
    throw new DevnetError(`${step} reverted.`, {
      details: `transaction ${hash}, gas used ${receipt.gasUsed} of ${gas}${outOfGas}`,
    })
  }
  return receipt
}

/** The revert reason (`CH_NEFCI`) or custom error (`NotAuthorized(0x…)`) inside a viem error. */
function revertReason(cause: unknown): string {
  if (!(cause instanceof BaseError)) return cause instanceof Error ? cause.message : String(cause)
  const reverted = cause.walk((e) => e instanceof ContractFunctionRevertedError)
  if (reverted instanceof ContractFunctionRevertedError) {
    if (reverted.data)
      return `${reverted.data.errorName}(${(reverted.data.args ?? []).map(String).join(', ')})`
    if (reverted.reason) return reverted.reason
  }
  return cause.shortMessage
}
