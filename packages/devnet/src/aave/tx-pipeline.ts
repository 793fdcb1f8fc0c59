import { type Address, encodeDeployData, getContractAddress, type Hash, type Hex } from 'viem'
import type { DevnetClient } from '../chain/client.js'
import { type ContractArtifact, linkBytecode } from '../deploy/deploy-contract.js'
import { DevnetError } from '../errors.js'

/** Under the 2^24 per-transaction cap of newer hardforks (EIP-7825), above any single Aave step. */
const maxTransactionGas = 16_000_000n

export type TxPipeline = {
  /** Sends a deployment now and returns the address it will have (CREATE from the sender's nonce). */
  deploy: (label: string, parameters: PipelineDeployParameters) => Promise<Address>
  /** Sends a call now without waiting for it to be mined. */
  write: (label: string, parameters: { to: Address; data: Hex }) => Promise<void>
  /** Waits until everything sent so far is mined; throws naming the first step that reverted. */
  flush: () => Promise<void>
}

export type PipelineDeployParameters = {
  artifact: ContractArtifact
  args?: readonly unknown[]
  libraries?: Record<string, Address>
}

type SentTx = { label: string; hash: Hash; to: Address | undefined; data: Hex; expectedAddress?: Address }

/**
 * Sends a sequence of transactions from `client.account` with nonces, gas and fees set locally, so
 * no step waits for the previous receipt: anvil mines them in nonce order. Contract addresses are
 * known up front from the nonce, which lets later steps reference contracts not yet mined.
 * The pipeline owns the account's nonce until the last `flush()`; send nothing else from it meanwhile.
 *
 * @example
 * const pipeline = await createTxPipeline(client)
 * const acl = await pipeline.deploy('ACLManager', { artifact, args: [provider] })
 * await pipeline.write('addPoolAdmin', { to: acl, data })
 * await pipeline.flush()
 */
export async function createTxPipeline(client: DevnetClient): Promise<TxPipeline> {
  const from = client.account.address
  const [startNonce, block] = await Promise.all([
    client.getTransactionCount({ address: from, blockTag: 'pending' }),
    client.getBlock({ blockTag: 'latest' }),
  ])
  const gas = block.gasLimit < maxTransactionGas ? block.gasLimit : maxTransactionGas
  const baseFee = block.baseFeePerGas ?? undefined
  // Base fees only fall on an automining chain whose blocks stay under half full: twice today's
  // base fee covers every step.
  const fees =
    baseFee === undefined
      ? { gasPrice: (await client.getGasPrice()) * 2n }
      : { maxFeePerGas: baseFee * 2n + 1_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n }

  let nonce = startNonce
  let pending: SentTx[] = []

  const send = async (tx: Omit<SentTx, 'hash'>) => {
    const currentNonce = nonce
    nonce += 1
    const request = {
      chainId: client.chain.id,
      ...(tx.to ? { to: tx.to } : {}),
      data: tx.data,
      nonce: currentNonce,
      gas,
      ...fees,
    }
    let hash: Hash
    try {
      // A local account signs here: one RPC per step instead of viem's fill-then-send.
      const account = client.account
      hash =
        account.type === 'local'
          ? await client.sendRawTransaction({ serializedTransaction: await account.signTransaction(request) })
          : await client.sendTransaction({ account, chain: client.chain, ...request })
    } catch (cause) {
      throw new DevnetError(`Aave deploy step "${tx.label}" was not accepted by the node.`, { cause })
    }
    pending.push({ ...tx, hash })
  }

  return {
    async deploy(label, { artifact, args = [], libraries = {} }) {
      const bytecode = linkBytecode(artifact, libraries)
      const data = encodeDeployData({ abi: artifact.abi, bytecode, args: args as unknown[] })
      const expectedAddress = getContractAddress({ from, nonce: BigInt(nonce) })
      await send({ label, to: undefined, data, expectedAddress })
      return expectedAddress
    },
    async write(label, { to, data }) {
      await send({ label, to, data })
    },
    async flush() {
      const sent = pending
      pending = []
      const last = sent.at(-1)
      if (!last) return
      // Nonce order means the last receipt implies all earlier ones are mined.
      await client.waitForTransactionReceipt({ hash: last.hash, pollingInterval: 10 })
      const receipts = await Promise.all(sent.map((tx) => client.getTransactionReceipt({ hash: tx.hash })))
      for (const [index, receipt] of receipts.entries()) {
        const tx = sent[index]!
        if (receipt.status !== 'success') {
          const reason = await explainRevert(client, tx, receipt.blockNumber)
          throw new DevnetError(`Aave deploy step "${tx.label}" reverted.`, {
            details: `transaction ${tx.hash}${reason ? `; ${reason}` : ''}`,
          })
        }
        if (
          tx.expectedAddress &&
          receipt.contractAddress?.toLowerCase() !== tx.expectedAddress.toLowerCase()
        ) {
          throw new DevnetError(`Aave deploy step "${tx.label}" created an unexpected address.`, {
            details: `expected ${tx.expectedAddress}, got ${receipt.contractAddress}; was the deployer's nonce used elsewhere meanwhile?`,
          })
        }
      }
    },
  }
}

/** Replays a reverted step on the state before its block to recover the revert reason (Aave error codes). */
async function explainRevert(
  client: DevnetClient,
  tx: SentTx,
  blockNumber: bigint,
): Promise<string | undefined> {
  try {
    await client.call({
      account: client.account,
      ...(tx.to ? { to: tx.to } : {}),
      data: tx.data,
      blockNumber: blockNumber - 1n,
    })
    return undefined
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return `replay says: ${message.split('\n')[0]} (Aave codes: contracts/protocol/libraries/helpers/Errors.sol)`
  }
}
