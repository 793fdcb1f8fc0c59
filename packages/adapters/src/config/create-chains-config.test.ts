import { manifestChain } from '@xmargin/devnet'
import { defineChain, http } from 'viem'
import { getBlockNumber } from 'viem/actions'
import { describe, expect, inject, test } from 'vitest'
import { ReadFailedError } from '../errors/adapter-errors.js'
import { readSnapshot } from '../read/read-snapshot.js'
import { createRequestCounter } from '../read/request-counter.js'
import { adaptersFromChainSpecs } from './adapters-from-chain-specs.js'
import { chainClient, createChainsConfig } from './create-chains-config.js'
import { rpcUrlsOf, viemChainsOf } from './viem-chains-of.js'

const manifest = inject('devnetManifest')

describe('createChainsConfig()', () => {
  test('builds a client per chain spec that answers with its chain id', async () => {
    const config = createChainsConfig({
      chains: viemChainsOf(manifest.chains),
      rpcUrls: rpcUrlsOf(manifest.chains),
      local: true,
    })
    for (const chain of manifest.chains) {
      const client = chainClient(config, chain.chainId)
      expect(await client.request({ method: 'eth_chainId' })).toBe(`0x${chain.chainId.toString(16)}`)
    }
  })

  test('falls back to the next RPC URL when the first one is down', async () => {
    const counter = createRequestCounter()
    const { rpcUrl } = manifestChain(manifest, 1)
    const chain = defineChain({
      id: 1,
      name: 'ethereum',
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [rpcUrl] } },
    })
    const config = createChainsConfig({
      chains: [chain],
      rpcUrls: { 1: ['http://127.0.0.1:9', rpcUrl] },
      http: { retryCount: 0, onFetchRequest: counter.onFetchRequest },
      local: true,
    })
    const client = chainClient(config, 1)
    expect(await getBlockNumber(client)).toBeGreaterThan(0n)
    expect(counter.count).toBe(2) // the dead URL, then the live one
  })

  test('a per-URL transport factory builds each URL (e.g. a rate limiter); the URLs stay in fallback order', async () => {
    const counter = createRequestCounter()
    const { rpcUrl } = manifestChain(manifest, 1)
    const built: string[] = []
    const config = createChainsConfig({
      chains: viemChainsOf(manifest.chains),
      rpcUrls: { ...rpcUrlsOf(manifest.chains), 1: ['http://127.0.0.1:9', rpcUrl] },
      transport: (url, chainId) => {
        built.push(`${chainId} ${url}`)
        return http(url, { retryCount: 0, onFetchRequest: counter.onFetchRequest })
      },
      local: true,
    })
    const client = chainClient(config, 1)
    expect(await getBlockNumber(client)).toBeGreaterThan(0n)
    expect(counter.count).toBe(2)
    expect(built).toContain(`1 http://127.0.0.1:9`)
    expect(built.indexOf(`1 http://127.0.0.1:9`)).toBeLessThan(built.indexOf(`1 ${rpcUrl}`))
    // Reads are not re-batched by wagmi's implicit multicall: executeReads plans its own batches.
    expect(client.batch?.multicall ?? false).toBe(false)
  })

  test('adaptersFromChainSpecs() wires wallet + Aave on 1 and 42161, Perp v2 on 42161, wallet + Morpho + options on 8453', async () => {
    const config = createChainsConfig({
      chains: viemChainsOf(manifest.chains),
      rpcUrls: rpcUrlsOf(manifest.chains),
      local: true,
    })
    const chains = await adaptersFromChainSpecs({
      chains: manifest.chains,
      clientOf: (id) => chainClient(config, id),
    })
    expect(Object.fromEntries(chains.map((c) => [c.chainId, c.adapters.map((a) => a.venue)]))).toEqual({
      1: ['wallet', 'aave-v3'],
      42161: ['wallet', 'aave-v3', 'perp'],
      8453: ['wallet', 'morpho-blue', 'options'],
    })
    const ethereum = chains.find((c) => c.chainId === 1)
    expect(
      ethereum?.contexts.aaveV3?.venue.reserves
        .map((r) => ethereum.contexts.aaveV3?.assets.get(r.asset)?.symbol)
        .sort(),
    ).toEqual(['USDC', 'USDT', 'WBTC', 'WETH', 'wstETH'])
    expect(ethereum?.contexts.aaveV3?.venue.eModeCategories.map((c) => c.id)).toEqual([1])
  })

  test('a snapshot with a broken venue address fails with ReadFailedError', async () => {
    const config = createChainsConfig({
      chains: viemChainsOf(manifest.chains),
      rpcUrls: rpcUrlsOf(manifest.chains),
      local: true,
    })
    const broken = manifest.chains
      .filter((c) => c.chainId === 8453)
      .map((c) => ({
        ...c,
        morphoMarkets: (c.morphoMarkets ?? []).map((m) => ({ ...m, oracle: c.contracts.multicall3 })),
      }))
    const [chain] = await adaptersFromChainSpecs({
      chains: broken,
      clientOf: (id) => chainClient(config, id),
    })
    if (!chain) throw new Error('no chain')
    const client = chainClient(config, 8453)
    const error = await readSnapshot({
      client,
      blockNumber: await getBlockNumber(client),
      chain,
      wallets: [],
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ReadFailedError)
    expect((error as ReadFailedError).label).toMatch(/morpho-blue oracle price/)
  })
})
