import { manifestChain, manifestFeeds } from '@xmargin/devnet'
import { describe, expect, inject, test } from 'vitest'
import { createDevnetFixture } from '../testing/devnet-fixture.js'
import { readSnapshot } from './read-snapshot.js'

const devnet = createDevnetFixture(inject('devnetManifest'))

describe('readSnapshot()', () => {
  test('reads every demo wallet on every chain in one eth_call per chain once hinted, and matches per-venue reads', async () => {
    const chains = await devnet.adapters()
    const wallets = devnet.manifest.wallets.map((w) => w.address)
    const figures: string[] = []
    let calls = 0
    let requests = 0
    for (const chain of chains) {
      const client = devnet.client(chain.chainId)
      const blockNumber = await client.getBlockNumber()
      // Cold, Morpho's IRM call needs the market's totals first: at most one extra round. It
      // leaves the bound adapters hinted, as the previous block leaves them when indexing.
      const cold = await readSnapshot({ client, blockNumber, chain, wallets })
      expect(cold.requests).toBeLessThanOrEqual(chain.adapters.some((a) => a.venue === 'morpho-blue') ? 2 : 1)
      devnet.counter.reset()
      const snapshot = await readSnapshot({ client, blockNumber, chain, wallets })
      expect(snapshot.positions).toEqual(cold.positions)
      expect(devnet.counter.count).toBe(snapshot.requests)
      expect(devnet.counter.methods.get('eth_call')).toBe(snapshot.requests)
      expect(snapshot.requests).toBe(1)
      expect(snapshot.positions.size).toBe(wallets.length)
      // Every feed the devnet keeps: each token's price and the options venue's implied vols.
      expect(snapshot.prices).toHaveLength(
        chain.priceSources.length > 0
          ? manifestFeeds(manifestChain(devnet.manifest, chain.chainId)).length
          : 0,
      )
      expect(snapshot.positions.get(devnet.wallet('empty').toLowerCase() as `0x${string}`)).toEqual([])
      calls += snapshot.calls
      requests += snapshot.requests
      const venues = chain.adapters.map((a) => a.venue).join('+')
      figures.push(
        `chain ${chain.chainId} (${venues}): ${snapshot.calls} reads in ${snapshot.requests} eth_call`,
      )
      // The same wallets read venue by venue (no shared batch) give the same positions.
      for (const adapter of chain.adapters) {
        const single = await readSnapshot({
          client,
          blockNumber,
          chain: { ...chain, adapters: [adapter], priceSources: [] },
          wallets,
        })
        for (const [wallet, positions] of single.positions) {
          expect(snapshot.positions.get(wallet)?.filter((p) => p.venue === adapter.venue)).toEqual(positions)
        }
      }
    }
    figures.push(
      `total: ${calls} reads in ${requests} requests (naive plan: ${calls} requests, ratio ${calls / requests})`,
    )
    console.info(`snapshot of ${wallets.length} demo wallets\n  ${figures.join('\n  ')}`)
    expect(calls / requests).toBeGreaterThanOrEqual(100)
  })

  test('chunks by batch size: 1,000 wallets on ethereum take ceil(calls / batchSize) requests', async () => {
    const chain = (await devnet.adapters()).find((c) => c.chainId === 1)
    if (!chain) throw new Error('no chain 1')
    const wallets = Array.from(
      { length: 1000 },
      (_, i) => `0x${(i + 1).toString(16).padStart(40, '0')}` as const,
    )
    const client = devnet.client(1)
    const blockNumber = await client.getBlockNumber()
    devnet.counter.reset()
    const snapshot = await readSnapshot({ client, blockNumber, chain, wallets, batchSize: 1000 })
    expect(snapshot.requests).toBe(Math.ceil(snapshot.calls / 1000))
    expect(devnet.counter.count).toBe(snapshot.requests)
    expect([...snapshot.positions.values()].every((p) => p.length === 0)).toBe(true)
    console.info(`1,000 empty wallets on chain 1: ${snapshot.calls} reads in ${snapshot.requests} eth_calls`)
  })
})
