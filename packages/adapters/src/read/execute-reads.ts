import {
  type Address,
  type Client,
  decodeFunctionResult,
  encodeFunctionData,
  type Hex,
  multicall3Abi,
} from 'viem'
import { readContract } from 'viem/actions'
import type { ReadCall, ReadResult } from '../adapter.js'
import { BatchRequestError, ReadFailedError } from '../errors/adapter-errors.js'
import { labelOf } from './read-result.js'

/** Multicall3's address on every chain that has it (the devnet sets it with `anvil_setCode`). */
export const MULTICALL3_ADDRESS: Address = '0xcA11bde05977b3631167028862bE2a173976CA11'

/** Calls per `aggregate3` by default: ~10 M gas for plain view calls, well under node `eth_call` caps. */
export const DEFAULT_BATCH_SIZE = 500

export type ExecuteReadsParameters = {
  client: Client
  /** Every call of the plan is read at this block. */
  blockNumber: bigint
  calls: readonly ReadCall[]
  /** Calls per `eth_call` (Multicall3 `aggregate3`). Default {@link DEFAULT_BATCH_SIZE}. */
  batchSize?: number | undefined
  multicallAddress?: Address | undefined
}

export type ExecuteReadsReturnType = {
  /** One result per call, in order. A reverted call is `{ status: 'failure' }`. */
  results: ReadResult[]
  /** `eth_call` requests sent (one per chunk). */
  requests: number
}

/**
 * Runs a read plan through Multicall3 `aggregate3` pinned to one block, `allowFailure` per call,
 * chunked by `batchSize` calls per `eth_call`, chunks in parallel. A call that reverts or returns
 * undecodable data (no code at the address) becomes a failure result; a chunk whose RPC request
 * fails throws {@link BatchRequestError} (retryable) — a transport error never masquerades as a
 * contract answer.
 *
 * @example
 * const { results } = await executeReads({ client, blockNumber: 123n, calls: [
 *   { address: usdc, abi: erc20Abi, functionName: 'balanceOf', args: [wallet] },
 * ] })
 */
export async function executeReads(parameters: ExecuteReadsParameters): Promise<ExecuteReadsReturnType> {
  const { client, blockNumber, calls } = parameters
  const batchSize = Math.max(1, parameters.batchSize ?? DEFAULT_BATCH_SIZE)
  const multicallAddress = parameters.multicallAddress ?? MULTICALL3_ADDRESS
  const encoded = calls.map((call) => ({
    target: call.address,
    allowFailure: true,
    callData: encodeFunctionData({ abi: call.abi, functionName: call.functionName, args: call.args ?? [] }),
  }))
  const chunks: (typeof encoded)[] = []
  for (let i = 0; i < encoded.length; i += batchSize) chunks.push(encoded.slice(i, i + batchSize))
  const answers = await Promise.all(
    chunks.map(async (chunk, index) => {
      try {
        return await readContract(client, {
          address: multicallAddress,
          abi: multicall3Abi,
          functionName: 'aggregate3',
          args: [chunk],
          blockNumber,
        })
      } catch (cause) {
        throw new BatchRequestError({ chunk: index, calls: chunk.length, blockNumber, cause })
      }
    }),
  )
  const results: ReadResult[] = []
  answers.flat().forEach((answer, index) => {
    const call = calls[index] as ReadCall
    results.push(decodeAnswer(call, answer.success, answer.returnData))
  })
  return { results, requests: chunks.length }
}

function decodeAnswer(call: ReadCall, success: boolean, returnData: Hex): ReadResult {
  if (!success) {
    return {
      status: 'failure',
      error: new ReadFailedError(labelOf(call), { details: `Reverted with data ${returnData}.` }),
    }
  }
  try {
    const result = decodeFunctionResult({
      abi: call.abi,
      functionName: call.functionName,
      args: call.args ?? [],
      data: returnData,
    })
    return { status: 'success', result }
  } catch (cause) {
    const details = returnData === '0x' ? 'Empty return data (no contract at the address?).' : undefined
    return { status: 'failure', error: new ReadFailedError(labelOf(call), { cause, details }) }
  }
}
