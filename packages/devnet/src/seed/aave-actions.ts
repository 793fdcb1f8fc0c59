import type { Address } from 'viem'
import type { DevnetClient } from '../chain/client.js'
import { loadPackageArtifact } from '../deploy/artifacts.js'
import { confirmTx } from '../deploy/confirm-tx.js'
import { approve, mintTo } from './token-actions.js'

const poolAbi = () =>
  loadPackageArtifact('@aave/core-v3/artifacts/contracts/protocol/pool/Pool.sol/Pool.json').abi

/** Aave v3's variable interest rate mode. */
const VARIABLE_RATE = 2n

/**
 * Mints `amount` of `token` to the client's account and supplies it to the Aave pool.
 *
 * @example
 * await aaveSupply(client, pool, weth, 10n * 10n ** 18n)
 */
export async function aaveSupply(
  client: DevnetClient,
  pool: Address,
  token: Address,
  amount: bigint,
): Promise<void> {
  await mintTo(client, token, amount)
  await approve(client, token, pool, amount)
  const me = client.account.address
  await confirmTx(
    client,
    `Aave supply ${amount} of ${token}`,
    client.writeContract({
      address: pool,
      abi: poolAbi(),
      functionName: 'supply',
      args: [token, amount, me, 0],
    }),
  )
}

/**
 * Borrows `amount` of `token` at the variable rate.
 *
 * @example
 * await aaveBorrow(client, pool, usdc, 4000n * 10n ** 6n)
 */
export async function aaveBorrow(
  client: DevnetClient,
  pool: Address,
  token: Address,
  amount: bigint,
): Promise<void> {
  const me = client.account.address
  await confirmTx(
    client,
    `Aave borrow ${amount} of ${token}`,
    client.writeContract({
      address: pool,
      abi: poolAbi(),
      functionName: 'borrow',
      args: [token, amount, VARIABLE_RATE, 0, me],
    }),
  )
}

/**
 * Enters an Aave eMode category (0 leaves eMode).
 *
 * @example
 * await aaveSetEMode(client, pool, 1)
 */
export async function aaveSetEMode(client: DevnetClient, pool: Address, categoryId: number): Promise<void> {
  await confirmTx(
    client,
    `Aave setUserEMode(${categoryId})`,
    client.writeContract({
      address: pool,
      abi: poolAbi(),
      functionName: 'setUserEMode',
      args: [categoryId],
    }),
  )
}
