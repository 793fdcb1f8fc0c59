import { shockPrice } from '@xmargin/devnet'
import { useDevnetSnapshots } from '@xmargin/devnet/vitest'
import { describe, expect, inject, test } from 'vitest'
import { ReadFailedError } from '../../errors/adapter-errors.js'
import { executeReads } from '../../read/execute-reads.js'
import { createDevnetFixture } from '../../testing/devnet-fixture.js'
import { lower } from '../position-id.js'
import { aggregatorV3Abi } from './feed-abi.js'
import { createChainlinkPriceSource } from './price-source.js'

const devnet = createDevnetFixture(inject('devnetManifest'))
useDevnetSnapshots(devnet.manifest)

describe('createChainlinkPriceSource()', () => {
  test('decodes every feed of every chain as latestRoundData and decimals return them', async () => {
    for (const chain of devnet.manifest.chains) {
      const client = devnet.client(chain.chainId)
      const blockNumber = await client.getBlockNumber()
      const source = createChainlinkPriceSource({
        feeds: chain.tokens.map((t) => ({ feed: t.feed, asset: t.address })),
      })
      const { results, requests } = await executeReads({ client, blockNumber, calls: source.reads() })
      expect(requests).toBe(1)
      const prices = source.decode(results)
      expect(prices).toHaveLength(chain.tokens.length)
      for (const [i, token] of chain.tokens.entries()) {
        const [roundId, answer, , updatedAt] = await client.readContract({
          address: token.feed,
          abi: aggregatorV3Abi,
          functionName: 'latestRoundData',
          blockNumber,
        })
        expect(prices[i]).toEqual({
          feed: lower(token.feed),
          asset: lower(token.address),
          value: answer,
          decimals: 8,
          updatedAt: Number(updatedAt),
          roundId,
        })
      }
    }
  })

  test('follows a price shock', async () => {
    const chain = devnet.manifest.chains.find((c) => c.chainId === 1)
    if (!chain) throw new Error('no chain 1')
    const weth = chain.tokens.find((t) => t.symbol === 'WETH')
    if (!weth) throw new Error('no WETH')
    await shockPrice(devnet.manifest, { symbol: 'WETH', percent: -10 })
    const client = devnet.client(1)
    const source = createChainlinkPriceSource({ feeds: [{ feed: weth.feed, asset: weth.address }] })
    const { results } = await executeReads({
      client,
      blockNumber: await client.getBlockNumber(),
      calls: source.reads(),
    })
    expect(source.decode(results)[0]?.value).toBe(2700_00000000n)
  })

  test('a feed address without an aggregator throws ReadFailedError, never a zero price', async () => {
    const client = devnet.client(1)
    const source = createChainlinkPriceSource({ feeds: [{ feed: devnet.wallet('empty'), asset: null }] })
    const { results } = await executeReads({
      client,
      blockNumber: await client.getBlockNumber(),
      calls: source.reads(),
    })
    expect(() => source.decode(results)).toThrow(ReadFailedError)
  })
})
