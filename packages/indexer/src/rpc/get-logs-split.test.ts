import { manifestChain } from '@xmargin/devnet'
import '@xmargin/devnet/vitest'
import { createPublicClient, http, type PublicClient, parseAbiItem } from 'viem'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { type FaultProxy, startFaultProxy } from '../../test/support/fault-proxy.js'
import { getLogsSplit } from './get-logs-split.js'

const manifest = inject('devnetManifest')
const chain = manifestChain(manifest, 1)
const transfer = parseAbiItem('event Transfer(address indexed from, address indexed to, uint256 value)')
let proxy: FaultProxy

beforeAll(async () => {
  proxy = await startFaultProxy({ upstream: chain.rpcUrl, seed: 7 })
})
afterAll(async () => {
  await proxy.close()
})

describe('getLogsSplit()', () => {
  test('splits ranges a provider refuses and returns the same logs, in order, as one direct query', async () => {
    const direct = createPublicClient({ transport: http(chain.rpcUrl) }) as PublicClient
    const viaProxy = createPublicClient({ transport: http(proxy.url, { retryCount: 0 }) }) as PublicClient
    const toBlock = await direct.getBlockNumber()
    const address = chain.tokens.map((t) => t.address)
    const expected = await direct.getLogs({ address, event: transfer, fromBlock: 0n, toBlock })
    expect(expected.length).toBeGreaterThan(10) // the seed minted and moved tokens

    proxy.setFaults({ maxLogRange: 7 })
    const logs = await getLogsSplit({
      client: viaProxy,
      address,
      events: [transfer],
      fromBlock: 0n,
      toBlock,
      maxRange: 1000,
    })
    expect(logs.map((l) => `${l.blockNumber}:${l.logIndex}`)).toEqual(
      expected.map((l) => `${l.blockNumber}:${l.logIndex}`),
    )
    // It had to split: more than one getLogs request went through.
    expect(proxy.counts.get('eth_getLogs') ?? 0).toBeGreaterThan(Number(toBlock) / 7)
  })

  test('does not swallow other errors', async () => {
    const viaProxy = createPublicClient({ transport: http(proxy.url, { retryCount: 0 }) }) as PublicClient
    proxy.setFaults({ serverError: 1 })
    await expect(
      getLogsSplit({
        client: viaProxy,
        address: [chain.tokens[0]!.address],
        events: [transfer],
        fromBlock: 0n,
        toBlock: 10n,
        maxRange: 5,
      }),
    ).rejects.toThrow()
    proxy.setFaults({})
  })
})
