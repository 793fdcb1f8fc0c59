import { type Abi, type Address, encodeFunctionData, getContractAddress } from 'viem'
import { createTxPipeline } from '../aave/tx-pipeline.js'
import type { DevnetClient } from '../chain/client.js'
import type { ContractArtifact } from '../deploy/deploy-contract.js'
import { DevnetError } from '../errors.js'

/** Deployments (Perp's biggest, ClearingHouse, is near the 24 KB code limit: about 5.5 M gas). */
const DEPLOY_GAS = 8_000_000n
const CALL_GAS = 3_000_000n

/** Perp v2's deployment steps, sent back to back from one account (see `createPerpDeployer`). */
export type PerpDeployer = {
  deploy: (artifact: ContractArtifact, args?: readonly unknown[]) => Promise<Address>
  /** Deploys at the first address `accept` approves, burning nonces with empty self-transfers. */
  deployWhere: (artifact: ContractArtifact, accept: (address: Address) => boolean) => Promise<Address>
  call: (
    artifact: ContractArtifact,
    address: Address,
    functionName: string,
    args?: readonly unknown[],
    gas?: bigint,
  ) => Promise<void>
  /** Waits for everything sent so far; throws naming the first step that reverted. */
  flush: () => Promise<void>
}

/**
 * Perp's deployment on the devnet's transaction pipeline: each step is signed locally with its
 * nonce and a fixed gas limit and sent without waiting for the previous receipt, and addresses
 * are known from the nonces up front. Perp needs that knowledge: a market's base token must sort
 * below the quote token so that base is token0 of its Uniswap v3 pool (`MR_IB`), which
 * `deployWhere` arranges by burning nonces. Send nothing else from the account until `flush()`.
 *
 * @example
 * const deployer = await createPerpDeployer(client)
 * const base = await deployer.deployWhere(curieArtifact('BaseToken'), (a) => BigInt(a) < BigInt(quoteToken))
 * await deployer.call(curieArtifact('BaseToken'), base, 'initialize', ['vETH', 'vETH', priceFeed])
 * await deployer.flush()
 */
export async function createPerpDeployer(client: DevnetClient): Promise<PerpDeployer> {
  const from = client.account.address
  // The pipeline starts from the same pending nonce; counting each step keeps predictions exact.
  let nonce = await client.getTransactionCount({ address: from, blockTag: 'pending' })
  const pipeline = await createTxPipeline(client)
  const deploy = async (artifact: ContractArtifact, args: readonly unknown[] = []) => {
    const predicted = getContractAddress({ from, nonce: BigInt(nonce) })
    nonce += 1
    const address = await pipeline.deploy(`Perp v2 deploy ${artifact.contractName}`, {
      artifact,
      args,
      gas: DEPLOY_GAS,
    })
    if (address.toLowerCase() !== predicted.toLowerCase()) {
      throw new DevnetError(`${artifact.contractName} would land at ${address}, expected ${predicted}.`, {
        details: 'Another transaction from the Perp deployer was sent concurrently.',
      })
    }
    return address
  }
  return {
    deploy,
    async deployWhere(artifact, accept) {
      for (let i = 0; i < 256; i++) {
        if (accept(getContractAddress({ from, nonce: BigInt(nonce) }))) return deploy(artifact)
        nonce += 1
        await pipeline.write('Perp v2 deploy: burn a nonce', { to: from, data: '0x', gas: 21_000n })
      }
      throw new DevnetError(`No acceptable address for ${artifact.contractName} within 256 nonces.`)
    },
    async call(artifact, address, functionName, args = [], gas = CALL_GAS) {
      const abi: Abi = artifact.abi
      nonce += 1
      await pipeline.write(`Perp v2 deploy: ${artifact.contractName}.${functionName}`, {
        to: address,
        data: encodeFunctionData({ abi, functionName, args }),
        gas,
      })
    },
    flush: () => pipeline.flush(),
  }
}
