import { createServer } from 'node:http'
import { createPublicClient, createTestClient, http, type PublicClient } from 'viem'
import { describe, expect, inject, test } from 'vitest'
import { aaveOracleAbi } from '../src/aave/aave-abis.js'
import { devnetFeedAbi } from '../src/actions/feed-abi.js'
import { freezeFeed } from '../src/actions/freeze-feed.js'
import { refreshFeeds } from '../src/actions/refresh-feeds.js'
import { resetPrices } from '../src/actions/reset-prices.js'
import { shockPrice } from '../src/actions/shock-price.js'
import { DevnetError } from '../src/errors.js'
import { type ManifestChain, manifestChain, manifestFeeds, manifestToken } from '../src/manifest.js'
import { useDevnetSnapshots } from '../src/vitest/snapshots.js'

const manifest = inject('devnetManifest')
useDevnetSnapshots(manifest)

const clientOf = (chain: ManifestChain): PublicClient =>
  createPublicClient({ transport: http(chain.rpcUrl), cacheTime: 0 }) as PublicClient
const aavePrice = (chain: ManifestChain, symbol: string) =>
  clientOf(chain).readContract({
    address: chain.contracts.aaveOracle as `0x${string}`,
    abi: aaveOracleAbi,
    functionName: 'getAssetPrice',
    args: [manifestToken(chain, symbol).address],
  })

describe('shockPrice()', () => {
  test('moves WETH -20% on every chain, and Aave oracles on both Aave chains agree', async () => {
    const moves = await shockPrice(manifest, { symbol: 'WETH', percent: -20 })
    expect(moves.map((m) => m.chainId).sort((a, b) => a - b)).toEqual([1, 8453, 42161])
    for (const move of moves) {
      expect(move.before).toBe(3000n * 10n ** 8n)
      expect(move.after).toBe(2400n * 10n ** 8n) // 3,000 x 0.8
    }
    for (const chainId of [1, 42161])
      expect(await aavePrice(manifestChain(manifest, chainId), 'WETH')).toBe(2400n * 10n ** 8n)
    // Other assets are untouched.
    expect(await aavePrice(manifestChain(manifest, 1), 'WBTC')).toBe(60000n * 10n ** 8n)
  })

  test('reverts between tests: the previous shock is gone', async () => {
    expect(await aavePrice(manifestChain(manifest, 1), 'WETH')).toBe(3000n * 10n ** 8n)
  })

  test('moves the Morpho oracle price with its collateral feed', async () => {
    const chain = manifestChain(manifest, 8453)
    const oracle = chain.morphoMarkets?.[0]?.oracle as `0x${string}`
    await shockPrice(manifest, { symbol: 'WETH', percent: 12.5 })
    const price = await clientOf(chain).readContract({
      address: oracle,
      abi: [
        {
          type: 'function',
          name: 'price',
          inputs: [],
          outputs: [{ type: 'uint256' }],
          stateMutability: 'view',
        },
      ],
      functionName: 'price',
    })
    expect(price).toBe(3375n * 10n ** 24n) // 3,000 x 1.125 = 3,375 USDC per WETH, scaled 1e36 x 1e6 / 1e18
  })

  test('rejects an unknown asset and a shock of -100% or worse', async () => {
    await expect(shockPrice(manifest, { symbol: 'DOGE', percent: 10 })).rejects.toThrow(DevnetError)
    await expect(shockPrice(manifest, { symbol: 'WETH', percent: -100 })).rejects.toThrow(/above -100%/)
  })
})

describe('one shock, one timestamp', () => {
  const feedRound = (chain: ManifestChain, symbol: string) =>
    clientOf(chain).readContract({
      address: manifestToken(chain, symbol).feed,
      abi: devnetFeedAbi,
      functionName: 'latestRoundData',
    })

  test('every chain takes the new price in one block, all blocks and feed rounds at one timestamp', async () => {
    // Chains whose clocks differ (arbitrum runs ahead after Perp TWAP moves) still meet at one time.
    const arbitrum = manifestChain(manifest, 42161)
    await createTestClient({ mode: 'anvil', transport: http(arbitrum.rpcUrl) }).increaseTime({ seconds: 7 })
    const moves = await shockPrice(manifest, { symbol: 'WETH', percent: -10 })
    const stamps = new Set<bigint>()
    for (const chain of manifest.chains) {
      const [, answer, , updatedAt] = await feedRound(chain, 'WETH')
      expect(answer).toBe(2700n * 10n ** 8n)
      stamps.add(updatedAt)
      // The block stamped updatedAt holds the new price and the block before it the old one: the
      // move is one block on each chain.
      const client = clientOf(chain)
      let block = await client.getBlock({ blockTag: 'latest' })
      while (block.timestamp > updatedAt) block = await client.getBlock({ blockNumber: block.number - 1n })
      expect(block.timestamp).toBe(updatedAt)
      const answerAt = async (blockNumber: bigint) =>
        client.readContract({
          address: manifestToken(chain, 'WETH').feed,
          abi: devnetFeedAbi,
          functionName: 'latestAnswer',
          blockNumber,
        })
      expect(await answerAt(block.number)).toBe(2700n * 10n ** 8n)
      expect(await answerAt(block.number - 1n)).toBe(3000n * 10n ** 8n)
    }
    expect(stamps.size).toBe(1)
    expect(moves).toHaveLength(3)
  })

  test('--price sets an absolute price on every chain; reset puts every moved feed back', async () => {
    const moves = await shockPrice(manifest, { symbol: 'WETH', price: '2500' })
    expect(moves.map((m) => m.after)).toEqual([2500n * 10n ** 8n, 2500n * 10n ** 8n, 2500n * 10n ** 8n])
    await shockPrice(manifest, { symbol: 'WBTC', percent: 5 })
    const reset = await resetPrices(manifest)
    expect(new Set(reset.map((m) => m.symbol))).toEqual(new Set(['WETH', 'WBTC']))
    for (const chainId of [1, 42161]) {
      expect(await aavePrice(manifestChain(manifest, chainId), 'WETH')).toBe(3000n * 10n ** 8n)
      expect(await aavePrice(manifestChain(manifest, chainId), 'WBTC')).toBe(60000n * 10n ** 8n)
    }
    // Nothing left to move: no new round.
    expect(await resetPrices(manifest)).toEqual([])
  })

  test('refuses a non-positive or malformed price and an unknown token, changing nothing', async () => {
    await expect(shockPrice(manifest, { symbol: 'WETH', price: '0' })).rejects.toThrow(/Invalid price/)
    await expect(shockPrice(manifest, { symbol: 'WETH', price: '-5' })).rejects.toThrow(/Invalid price/)
    await expect(shockPrice(manifest, { symbol: 'WETH', price: '1e3' })).rejects.toThrow(/Invalid price/)
    await expect(resetPrices(manifest, { symbol: 'DOGE' })).rejects.toThrow(/Known tokens: WETH/)
    expect(await aavePrice(manifestChain(manifest, 1), 'WETH')).toBe(3000n * 10n ** 8n)
  })
})

describe('freezeFeed() (the stale command)', () => {
  test('ETH-IV freezes every implied-vol feed of ETH (base) and nothing else; the heartbeat then skips them', async () => {
    const chain = manifestChain(manifest, 8453)
    const vols = chain.venues!.options!.volatilityFeeds
    const eth = vols.filter((v) => v.underlying === 'ETH').map((v) => v.feed)
    expect(eth.length).toBeGreaterThan(0)
    const frozen = await freezeFeed(manifest, { symbol: 'ETH-IV', frozen: true })
    expect(frozen).toEqual(eth.map((feed) => ({ chainId: 8453, feed })))
    const client = clientOf(chain)
    const isFrozen = (feed: `0x${string}`) =>
      client.readContract({ address: feed, abi: devnetFeedAbi, functionName: 'frozen' })
    for (const v of vols) expect(await isFrozen(v.feed)).toBe(v.underlying === 'ETH')
    expect(await isFrozen(manifestToken(chain, 'WETH').feed)).toBe(false)
    await freezeFeed(manifest, { symbol: 'ETH-IV', frozen: false })
    for (const feed of eth) expect(await isFrozen(feed)).toBe(false)
    await expect(freezeFeed(manifest, { symbol: 'DOGE-IV', frozen: true })).rejects.toThrow(/No DOGE-IV feed/)
  })

  test('a frozen feed keeps its updatedAt while block time moves on, refuses updates, and resumes', async () => {
    const chain = manifestChain(manifest, 1)
    const feed = manifestToken(chain, 'WETH').feed
    const client = clientOf(chain)
    const testClient = createTestClient({ mode: 'anvil', transport: http(chain.rpcUrl) })
    const updatedAt = async () =>
      (await client.readContract({ address: feed, abi: devnetFeedAbi, functionName: 'latestRoundData' }))[3]

    await freezeFeed(manifest, { symbol: 'WETH', chainId: 1, frozen: true })
    const frozenAt = await updatedAt()
    await testClient.increaseTime({ seconds: 3600 })
    await testClient.mine({ blocks: 1 })
    await refreshFeeds(chain.rpcUrl, chain.chainId, [feed]) // the heartbeat skips frozen feeds
    expect(await updatedAt()).toBe(frozenAt)
    expect((await client.getBlock()).timestamp - frozenAt).toBeGreaterThanOrEqual(3600n)
    await expect(shockPrice(manifest, { symbol: 'WETH', percent: -5 })).rejects.toThrow(/frozen/)
    // Nothing moved on the other chains either: the shock is all or nothing.
    expect(await aavePrice(manifestChain(manifest, 42161), 'WETH')).toBe(3000n * 10n ** 8n)

    await freezeFeed(manifest, { symbol: 'WETH', chainId: 1, frozen: false })
    await refreshFeeds(chain.rpcUrl, chain.chainId, [feed])
    expect(await updatedAt()).toBeGreaterThan(frozenAt)
  })

  test('a beat refreshes every feed of a chain in one block, on a node that mines per transaction', async () => {
    const chain = manifestChain(manifest, 42161)
    const feeds = manifestFeeds(chain)
    expect(feeds.length).toBeGreaterThan(3)
    const client = clientOf(chain)
    expect(await createTestClient({ mode: 'anvil', transport: http(chain.rpcUrl) }).getAutomine()).toBe(true)
    // Other test files send to this chain meanwhile: the block is the one the refreshes landed in.
    const { refreshed, blockNumbers } = await refreshFeeds(chain.rpcUrl, chain.chainId, feeds)
    expect(refreshed).toEqual(feeds)
    expect(blockNumbers).toHaveLength(1)
    const block = await client.getBlock({ blockNumber: blockNumbers[0]! })
    for (const feed of feeds) {
      const [, , , updatedAt] = await client.readContract({
        address: feed,
        abi: devnetFeedAbi,
        functionName: 'latestRoundData',
      })
      expect(updatedAt).toBe(block.timestamp)
    }
  })

  // A node that refuses one of a beat's sends (here a proxy in front of chain 1, by construction)
  // must not keep the others: the later nonces would wait behind the missing one for good.
  test('a beat the node refused in part leaves nothing pending, and the next beat lands whole', async () => {
    const chain = manifestChain(manifest, 1)
    const feeds = manifestFeeds(chain)
    let sends = 0
    const proxy = createServer(async (request, response) => {
      const chunks: Buffer[] = []
      for await (const chunk of request) chunks.push(chunk as Buffer)
      const body = Buffer.concat(chunks).toString()
      const { id, method } = JSON.parse(body) as { id: number; method: string }
      response.setHeader('content-type', 'application/json')
      if (method === 'eth_sendRawTransaction' && ++sends === 3) {
        response.end(
          JSON.stringify({ jsonrpc: '2.0', id, error: { code: -32000, message: 'refused by the test' } }),
        )
        return
      }
      const forwarded = await fetch(chain.rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      })
      response.end(await forwarded.text())
    })
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = proxy.address() as { port: number }
      await expect(refreshFeeds(`http://127.0.0.1:${port}`, chain.chainId, feeds)).rejects.toThrow(
        /Sending the feed refreshes on chain 1 failed; none was left pending/,
      )
    } finally {
      proxy.closeAllConnections()
      await new Promise((resolve) => proxy.close(resolve))
    }
    const pool = (await createTestClient({
      mode: 'anvil',
      transport: http(chain.rpcUrl),
    }).getTxpoolContent()) as {
      pending: Record<string, unknown>
      queued: Record<string, unknown>
    }
    expect([Object.keys(pool.pending), Object.keys(pool.queued)]).toEqual([[], []])
    const { refreshed, blockNumbers } = await refreshFeeds(chain.rpcUrl, chain.chainId, feeds)
    expect(refreshed).toEqual(feeds)
    expect(blockNumbers).toHaveLength(1)
  })

  // `xmargin dev`'s heartbeat and `pnpm stale` send at once (other processes in `dev`, here one):
  // the heartbeat sends from the feed keeper, so it never takes the owner's nonces, and beats that
  // overlap wait for each other. Before, both sent from the owner and a freeze could be refused.
  test('beats sent at the same time as a freeze all land, and only live feeds move', async () => {
    const chain = manifestChain(manifest, 1)
    const feeds = chain.tokens.map((t) => t.feed)
    const weth = manifestToken(chain, 'WETH').feed
    const client = clientOf(chain)
    const round = (feed: `0x${string}`) =>
      client.readContract({ address: feed, abi: devnetFeedAbi, functionName: 'latestRound' })
    const before = await Promise.all(feeds.map(round))
    await Promise.all([
      refreshFeeds(chain.rpcUrl, chain.chainId, feeds),
      refreshFeeds(chain.rpcUrl, chain.chainId, feeds),
      freezeFeed(manifest, { symbol: 'WETH', chainId: 1, frozen: true }),
      refreshFeeds(chain.rpcUrl, chain.chainId, feeds),
    ])
    await refreshFeeds(chain.rpcUrl, chain.chainId, feeds)
    const after = await Promise.all(feeds.map(round))
    for (const [i, feed] of feeds.entries()) {
      // Four rounds on each live feed; up to three on WETH, until its freeze landed.
      if (feed === weth) expect(after[i]! - before[i]!).toBeLessThanOrEqual(3n)
      else expect(after[i]! - before[i]!).toBe(4n)
    }
    expect(await client.readContract({ address: weth, abi: devnetFeedAbi, functionName: 'frozen' })).toBe(
      true,
    )
  })
})
