import { type Address, erc20Abi, parseAbi } from 'viem'
import type { DevnetClient } from '../chain/client.js'
import { confirmTx } from '../deploy/confirm-tx.js'

const mintAbi = parseAbi(['function mint(address account, uint256 value) returns (bool)'])

/**
 * Mints test tokens (MintableERC20's open `mint`) to `to`, by default the client's own account.
 *
 * @example
 * await mintTo(client, weth, 10n * 10n ** 18n)
 */
export async function mintTo(
  client: DevnetClient,
  token: Address,
  amount: bigint,
  to?: Address,
): Promise<void> {
  const recipient = to ?? client.account.address
  await confirmTx(
    client,
    `Seed: mint ${amount} of ${token}`,
    client.writeContract({ address: token, abi: mintAbi, functionName: 'mint', args: [recipient, amount] }),
  )
}

/**
 * Approves `spender` for `amount` of `token` from the client's account.
 *
 * @example
 * await approve(client, usdc, pool, 1000n * 10n ** 6n)
 */
export async function approve(
  client: DevnetClient,
  token: Address,
  spender: Address,
  amount: bigint,
): Promise<void> {
  await confirmTx(
    client,
    `Seed: approve ${token} for ${spender}`,
    client.writeContract({ address: token, abi: erc20Abi, functionName: 'approve', args: [spender, amount] }),
  )
}

/**
 * Transfers `amount` of `token` from the client's account to `to`.
 *
 * @example
 * await transferToken(client, usdc, deployer, 2350n * 10n ** 6n)
 */
export async function transferToken(
  client: DevnetClient,
  token: Address,
  to: Address,
  amount: bigint,
): Promise<void> {
  await confirmTx(
    client,
    `transfer ${amount} of ${token} to ${to}`,
    client.writeContract({ address: token, abi: erc20Abi, functionName: 'transfer', args: [to, amount] }),
  )
}
