import type { Block } from 'viem'
import type { DevnetClient } from './client.js'

const gwei = 1_000_000_000n

/** What {@link presignFees} returns: EIP-1559 fees, or a legacy `gasPrice` on a chain without a base fee. */
export type PresignFeesReturnType =
  | { maxFeePerGas: bigint; maxPriorityFeePerGas: bigint; gasPrice?: undefined }
  | { gasPrice: bigint; maxFeePerGas?: undefined; maxPriorityFeePerGas?: undefined }

/**
 * Fees for transactions signed ahead of the blocks that will hold them: a cap of `headroom` times
 * the latest base fee plus 10 gwei, and a 1 gwei tip. Full blocks raise the base fee 12.5% each, so
 * the cap must outlast the batch; only base fee + tip is ever paid. A chain without a base fee gets
 * its `gasPrice`.
 *
 * @example
 * const block = await client.getBlock({ blockTag: 'latest' })
 * const fees = await presignFees(client, block, 4n)
 */
export async function presignFees(
  client: Pick<DevnetClient, 'getGasPrice'>,
  block: Pick<Block, 'baseFeePerGas'>,
  headroom: bigint,
): Promise<PresignFeesReturnType> {
  if (block.baseFeePerGas == null) return { gasPrice: await client.getGasPrice() }
  return { maxFeePerGas: block.baseFeePerGas * headroom + 10n * gwei, maxPriorityFeePerGas: gwei }
}
