import { type Address, erc20Abi, parseAbi } from 'viem'
import type { DevnetClient } from '../chain/client.js'
import { DevnetError } from '../errors.js'

const mintAbi = parseAbi(['function mint(address account, uint256 value) returns (bool)'])

/**
 * Sends a transaction and throws if it reverts.
 *
 * @example
 * await confirm(client, await client.writeContract({ ... }), 'approve USDC')
 */
export async function confirm(client: DevnetClient, hash: `0x${string}`, what: string): Promise<void> {
  const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 })
  if (receipt.status !== 'success') throw new DevnetError(`Seeding failed: ${what} reverted (${hash}).`)
}

/**
 * Mints test tokens to the client's own account (MintableERC20's open `mint`).
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
  const hash = await client.writeContract({
    address: token,
    abi: mintAbi,
    functionName: 'mint',
    args: [recipient, amount],
  })
  await confirm(client, hash, `mint ${amount} of ${token}`)
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
  const hash = await client.writeContract({
    address: token,
    abi: erc20Abi,
    functionName: 'approve',
    args: [spender, amount],
  })
  await confirm(client, hash, `approve ${token} for ${spender}`)
}
