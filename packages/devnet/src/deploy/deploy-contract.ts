import { type Abi, type Address, encodeDeployData, getAddress, type Hex } from 'viem'
import type { DevnetClient } from '../chain/client.js'
import { DevnetError } from '../errors.js'

/** What a compiled contract needs to be deployed: Hardhat and solc-js artifacts both fit. */
export type ContractArtifact = {
  contractName: string
  abi: Abi
  bytecode: Hex
  /** file -> library name -> byte offsets of 20-byte placeholders in `bytecode` */
  linkReferences?: Record<string, Record<string, { start: number; length: number }[]>> | undefined
}

export type DeployContractParameters = {
  artifact: ContractArtifact
  args?: readonly unknown[]
  /** Library name -> deployed address, for artifacts with `linkReferences`. */
  libraries?: Record<string, Address>
}

/**
 * Links libraries into the bytecode by the artifact's byte offsets, deploys, waits for the receipt
 * and returns the address. Fails loudly on a missing library or a reverted deployment.
 *
 * @example
 * const pool = await deployContract(client, { artifact: poolArtifact, libraries: { SupplyLogic: supplyLogic } })
 */
export async function deployContract(
  client: DevnetClient,
  parameters: DeployContractParameters,
): Promise<Address> {
  const { artifact, args = [], libraries = {} } = parameters
  const bytecode = linkBytecode(artifact, libraries)
  const data = encodeDeployData({ abi: artifact.abi, bytecode, args: args as unknown[] })
  const hash = await client.sendTransaction({ data, gas: 29_000_000n })
  const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 })
  if (receipt.status !== 'success' || !receipt.contractAddress) {
    throw new DevnetError(`Deploying ${artifact.contractName} reverted.`, { details: `transaction ${hash}` })
  }
  return getAddress(receipt.contractAddress)
}

/**
 * Replaces each library placeholder at the byte offsets listed in `linkReferences`.
 *
 * @example
 * const linked = linkBytecode(artifact, { BorrowLogic: '0x…' })
 */
export function linkBytecode(artifact: ContractArtifact, libraries: Record<string, Address>): Hex {
  let code = artifact.bytecode.slice(2)
  for (const [, libs] of Object.entries(artifact.linkReferences ?? {})) {
    for (const [name, refs] of Object.entries(libs)) {
      const address = libraries[name]
      if (!address) {
        throw new DevnetError(`${artifact.contractName} needs library ${name}, which was not given.`)
      }
      const hex = address.slice(2).toLowerCase()
      for (const { start, length } of refs) {
        if (length !== 20) throw new DevnetError(`Unexpected link length ${length} for ${name}.`)
        code = code.slice(0, start * 2) + hex + code.slice((start + length) * 2)
      }
    }
  }
  if (code.includes('__')) {
    throw new DevnetError(`${artifact.contractName} still has unlinked library placeholders.`)
  }
  return `0x${code}`
}
