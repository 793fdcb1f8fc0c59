import '@xmargin/devnet/vitest/global-setup'
import { setTimeout as sleep } from 'node:timers/promises'
import { shockPrice } from '@xmargin/devnet'
import { getAddress } from 'viem'
import { describe, expect, inject, it } from 'vitest'
import { graphql } from '../../src/graphql/graphql.js'
import { useDevnetApi } from '../support/devnet-fixture.js'
import { gql } from '../support/graphql-client.js'
import { readSse } from '../support/sse-client.js'

const manifest = inject('devnetManifest')
// Aave on ethereum and arbitrum, Perp v2 on arbitrum, Morpho on base: WETH priced on every chain.
const crossChain = getAddress(manifest.wallets.find((w) => w.name === 'cross-chain')!.address)
const [first] = manifest.chains

const VIEW = graphql(`
  query OneCut($a: [Address!]!) {
    margin(addresses: $a) {
      prices { asset chainId updatedAt }
      freshness { chainId blockNumber indexedBlock cutTime }
    }
  }
`)
type View = { prices: { asset: string; chainId: number; updatedAt: number }[] }

/** The WETH feed rounds a view was computed with, per chain: a whole shock has one `updatedAt` everywhere. */
const wethRounds = (view: View) =>
  view.prices
    .filter((p) => p.asset === 'WETH')
    .sort((a, b) => a.chainId - b.chainId)
    .map((p) => p.updatedAt)

describe('one cut in time: no reader sees a half-shocked book', () => {
  const f = useDevnetApi(manifest)

  const view = async () => {
    const res = await gql(f().url, VIEW, { a: [crossChain] })
    expect(res.errors).toBeUndefined()
    return res.data!.margin
  }

  it('a shock indexed on one chain only is served on none, and on all once every chain has it', async () => {
    const before = wethRounds(await view())
    expect(before.length).toBe(manifest.chains.length)
    await shockPrice(manifest, { symbol: 'WETH', percent: -20 })
    // Only the first chain's indexer catches up, and its clock moves past the shock's second.
    await f().indexer.step(first!.chainId)
    await sleep(1100)
    await f().indexer.step(first!.chainId)
    const tip = await f().store.getTip({ chainId: first!.chainId })
    const mid = await view()
    // The first chain has the shock stored, yet it is read below it, like the chains that do not have it.
    const heads = (await f().store.getChainHeads()).map((h) => ({
      chainId: h.chain.chainId,
      tip: [h.tip?.number, h.tip?.timestamp],
      served: [h.served?.number, h.served?.timestamp],
      clock: h.clock,
      cutTime: h.cutTime,
    }))
    expect(wethRounds(mid), JSON.stringify(heads)).toEqual(before)
    const chain = mid.freshness.find((c) => c.chainId === first!.chainId)!
    expect(BigInt(chain.blockNumber!)).toBeLessThan(BigInt(tip!.number))
    // The report says so: read below the indexed tip, at the one cut every chain shares.
    expect(BigInt(chain.indexedBlock!)).toBe(BigInt(tip!.number))
    expect(new Set(mid.freshness.map((c) => c.cutTime)).size).toBe(1)
    expect(chain.cutTime).not.toBeNull()

    await f().indexer.syncToHead()
    const after = wethRounds(await view())
    expect(new Set(after).size).toBe(1)
    expect(after[0]!).toBeGreaterThan(Math.max(...before))
  })

  it('a subscriber following a live indexer hears every shock whole', async () => {
    const following = f().indexer.run()
    const updates = await readSse<{ marginUpdated: View }>(
      f().url,
      `subscription { marginUpdated(addresses: ["${crossChain}"]) { prices { asset chainId updatedAt } } }`,
    )
    try {
      const start = wethRounds((await updates.next()).data!.marginUpdated)
      const seen: number[][] = []
      for (const percent of [-5, 4, -3]) {
        await shockPrice(manifest, { symbol: 'WETH', percent })
        // Each shock sends exactly one event (its feeds on every chain), never one per chain.
        seen.push(wethRounds((await updates.next()).data!.marginUpdated))
      }
      for (const rounds of seen) expect(new Set(rounds).size).toBe(1)
      expect(new Set(seen.map((r) => r[0])).size).toBe(3)
      expect(seen[0]![0]!).toBeGreaterThan(Math.max(...start))
    } finally {
      updates.close()
      await f().indexer.stop()
      await following
    }
  })
})
