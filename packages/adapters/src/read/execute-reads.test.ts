import { manifestChain, manifestToken } from '@xmargin/devnet'
import { createPublicClient, erc20Abi, http, parseAbi } from 'viem'
import { describe, expect, inject, test } from 'vitest'
import { BatchRequestError, ReadFailedError } from '../errors/adapter-errors.js'
import { createDevnetFixture } from '../testing/devnet-fixture.js'
import { executeReads } from './execute-reads.js'
import { successOf } from './read-result.js'

const devnet = createDevnetFixture(inject('devnetManifest'))
const ethereum = manifestChain(devnet.manifest, 1)
const usdc = manifestToken(ethereum, 'USDC').address

describe('executeReads()', () => {
  test('returns results in order, pinned to the block, one eth_call per chunk', async () => {
    const client = devnet.client(1)
    const blockNumber = await client.getBlockNumber()
    const wallets = devnet.manifest.wallets.map((w) => w.address)
    const calls = Array.from({ length: 250 }, (_, i) => ({
      address: usdc,
      abi: erc20Abi,
      functionName: 'balanceOf',
      args: [wallets[i % wallets.length]],
    }))
    devnet.counter.reset()
    const { results, requests } = await executeReads({ client, blockNumber, calls, batchSize: 100 })
    expect(requests).toBe(3)
    expect(devnet.counter.count).toBe(3)
    expect(devnet.counter.methods.get('eth_call')).toBe(3)
    const expected = await Promise.all(
      wallets.map((w) =>
        client.readContract({
          address: usdc,
          abi: erc20Abi,
          functionName: 'balanceOf',
          args: [w],
          blockNumber,
        }),
      ),
    )
    expect(results.map((r) => successOf<bigint>(r, 'balanceOf'))).toEqual(
      calls.map((_, i) => expected[i % wallets.length]),
    )
  })

  test('a reverted call and a call to an address without code surface as failures, not zeros', async () => {
    const client = devnet.client(1)
    const blockNumber = await client.getBlockNumber()
    const reverting = parseAbi([
      'function transferFrom(address from, address to, uint256 value) view returns (bool)',
    ])
    const wallet = devnet.wallet('empty')
    const { results } = await executeReads({
      client,
      blockNumber,
      calls: [
        // transferFrom without allowance reverts inside eth_call.
        {
          address: usdc,
          abi: reverting,
          functionName: 'transferFrom',
          args: [wallet, usdc, 1n],
          label: 'revert',
        },
        { address: wallet, abi: erc20Abi, functionName: 'balanceOf', args: [wallet], label: 'no code' },
        { address: usdc, abi: erc20Abi, functionName: 'balanceOf', args: [wallet], label: 'fine' },
      ],
    })
    expect(results.map((r) => r.status)).toEqual(['failure', 'failure', 'success'])
    expect(() => successOf(results[0], 'revert')).toThrow(ReadFailedError)
    expect(() => successOf(results[1], 'no code')).toThrow(/Read failed: no code/)
    expect(successOf(results[2], 'fine')).toBe(0n)
  })

  test('an RPC failure throws a retryable BatchRequestError instead of failing each call', async () => {
    const client = createPublicClient({ transport: http('http://127.0.0.1:9', { retryCount: 0 }) })
    const error = await executeReads({
      client,
      blockNumber: 1n,
      calls: [{ address: usdc, abi: erc20Abi, functionName: 'decimals' }],
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BatchRequestError)
    expect((error as BatchRequestError).retryable).toBe(true)
  })
})
