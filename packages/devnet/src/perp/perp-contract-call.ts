import type { Abi, Address, TransactionReceipt } from 'viem'
import { getContractAddress } from 'viem'
import type { DevnetClient } from '../chain/client.js'
import { confirmTx } from '../deploy/confirm-tx.js'
import { type ContractArtifact, deployContract } from '../deploy/deploy-contract.js'
import { DevnetError } from '../errors.js'

/**
 * Sends one admin call through a full artifact ABI (deployment wiring) and waits for it.
 *
 * @example
 * await callArtifact(client, curieArtifact('Vault'), vault, 'setClearingHouse', [clearingHouse])
 */
export async function callArtifact(
  client: DevnetClient,
  artifact: ContractArtifact,
  address: Address,
  functionName: string,
  args: readonly unknown[] = [],
): Promise<TransactionReceipt> {
  const abi: Abi = artifact.abi
  return confirmTx(
    client,
    `Perp v2 deploy: ${artifact.contractName}.${functionName}`,
    client.writeContract({ address, abi, functionName, args }),
  )
}

/**
 * Deploys `artifact` at the first address (by the sender's next nonces) that `accept` approves,
 * burning nonces with empty self-transfers in between. Perp v2 needs this: a market's base token
 * must sort below the quote token so that base is token0 of its Uniswap v3 pool (`MR_IB`).
 *
 * @example
 * const base = await deployWhere(client, curieArtifact('BaseToken'), (a) => BigInt(a) < BigInt(quoteToken))
 */
export async function deployWhere(
  client: DevnetClient,
  artifact: ContractArtifact,
  accept: (address: Address) => boolean,
  maxTries = 256,
): Promise<Address> {
  const from = client.account.address
  for (let i = 0; i < maxTries; i++) {
    const nonce = await client.getTransactionCount({ address: from, blockTag: 'pending' })
    const predicted = getContractAddress({ from, nonce: BigInt(nonce) })
    if (accept(predicted)) {
      const address = await deployContract(client, { artifact })
      if (address.toLowerCase() !== predicted.toLowerCase()) {
        throw new DevnetError(`${artifact.contractName} landed at ${address}, expected ${predicted}.`, {
          details: 'Another transaction from the deployer was sent concurrently.',
        })
      }
      return address
    }
    await confirmTx(client, 'burn a deployer nonce', client.sendTransaction({ to: from, value: 0n }))
  }
  throw new DevnetError(`No acceptable address for ${artifact.contractName} within ${maxTries} nonces.`)
}
