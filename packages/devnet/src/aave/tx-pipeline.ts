import { type Address, encodeDeployData, getContractAddress, type Hash, type Hex } from 'viem'
import type { DevnetClient } from '../chain/client.js'
import { presignFees } from '../chain/fees.js'
import { type ContractArtifact, linkBytecode } from '../deploy/deploy-contract.js'
import { DevnetError } from '../errors.js'

/** Under the 2^24 per-transaction cap of newer hardforks (EIP-7825). */
const maxTransactionGas = 16_000_000n
/**
 * Default limits, measured with margin: the largest Aave deployment (Pool) uses 5.3 M gas, every
 * call but `initReserves` under 1 M. Modest limits let several steps share a block when the chain
 * mines on an interval instead of per transaction.
 */
const defaultDeployGas = 8_000_000n
const defaultWriteGas = 3_000_000n

export type TxPipeline = {
  /** Sends a deployment now and returns the address it will have (CREATE from the sender's nonce). */
  deploy: (label: string, parameters: PipelineDeployParameters) => Promise<Address>
  /** Sends a call now without waiting for it to be mined. */
  write: (label: string, parameters: { to: Address; data: Hex; gas?: bigint }) => Promise<void>
  /** Waits until everything sent so far is mined; throws naming the first step that reverted. */
  flush: () => Promise<void>
}

export type PipelineDeployParameters = {
  artifact: ContractArtifact
  args?: readonly unknown[]
  libraries?: Record<string, Address>
  gas?: bigint
}

type SentTx = {
  label: string
  hash: Hash
  to: Address | undefined
  data: Hex
  gas: bigint
  expectedAddress?: Address
}

/**
 * Sends a sequence of transactions from `client.account` with nonces, gas and fees set locally, so
 * no step waits for the previous receipt: an automining anvil mines them in nonce order (without
 * automine each step is awaited instead). Contract addresses are
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
  const [startNonce, block, automine] = await Promise.all([
    client.getTransactionCount({ address: from, blockTag: 'pending' }),
    client.getBlock({ blockTag: 'latest' }),
    client.getAutomine().catch(() => false),
  ])
  const gasCap = block.gasLimit < maxTransactionGas ? block.gasLimit : maxTransactionGas
  const limit = (gas: bigint) => (gas < gasCap ? gas : gasCap)
  // With interval mining several big deployments fill blocks: 10x the base fee outlasts 20 of them.
  const fees = await presignFees(client, block, 10n)

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
      gas: tx.gas,
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
      throw new DevnetError(`Deploy step "${tx.label}" was not accepted by the node.`, { cause })
    }
    pending.push({ ...tx, hash })
    // With interval mining anvil drops queued steps that did not fit the block they were meant for,
    // so there every step waits for its receipt (slow but correct).
    if (!automine) await client.waitForTransactionReceipt({ hash, pollingInterval: 50 })
  }

  return {
    async deploy(label, { artifact, args = [], libraries = {}, gas = defaultDeployGas }) {
      const bytecode = linkBytecode(artifact, libraries)
      const data = encodeDeployData({ abi: artifact.abi, bytecode, args: args as unknown[] })
      const expectedAddress = getContractAddress({ from, nonce: BigInt(nonce) })
      await send({ label, to: undefined, data, gas: limit(gas), expectedAddress })
      return expectedAddress
    },
    async write(label, { to, data, gas = defaultWriteGas }) {
      await send({ label, to, data, gas: limit(gas) })
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
          throw new DevnetError(`Deploy step "${tx.label}" reverted.`, {
            details: `transaction ${tx.hash}${reason ? `; ${reason}` : ''}`,
          })
        }
        if (
          tx.expectedAddress &&
          receipt.contractAddress?.toLowerCase() !== tx.expectedAddress.toLowerCase()
        ) {
          throw new DevnetError(`Deploy step "${tx.label}" created an unexpected address.`, {
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
