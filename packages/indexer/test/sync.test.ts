import { readSnapshot } from '@xmargin/adapters'
import {
  createDevnetClient,
  manifestChain,
  manifestFeeds,
  manifestToken,
  optionsSeedVolatilities,
} from '@xmargin/devnet'
import { useDevnetSnapshots } from '@xmargin/devnet/vitest'
import { erc20Abi, parseUnits } from 'viem'
import { afterEach, describe, expect, inject, test } from 'vitest'
import { createIndexerFixture, type IndexerFixture } from './support/indexer-fixture.js'

const manifest = inject('devnetManifest')
useDevnetSnapshots(manifest)
let fixture: IndexerFixture | undefined
afterEach(async () => {
  await fixture?.close()
  fixture = undefined
})

const wallet = (name: string) => {
  const found = manifest.wallets.find((w) => w.name === name)
  if (!found) throw new Error(`no wallet ${name}`)
  return found
}

describe('indexer sync against the devnet', () => {
  test('indexes every seeded wallet: stored positions equal a direct pinned read at the indexed block', async () => {
    fixture = await createIndexerFixture(manifest)
    await fixture.indexer.syncToHead()
    const wallets = manifest.wallets.map((w) => w.address.toLowerCase() as `0x${string}`)
    for (const chain of fixture.chains) {
      const tip = await fixture.store.getTip({ chainId: chain.chainId })
      expect(tip).not.toBeNull()
      const direct = await readSnapshot({
        client: chain.client,
        blockNumber: BigInt(tip?.number ?? 0),
        chain: chain.adapters,
        wallets,
      })
      const stored = await fixture.store.getPositions({ wallets, chainIds: [chain.chainId] })
      const key = (p: { venue: string; wallet: string; kind: string; key: string; amount: bigint }) =>
        `${p.venue}|${p.wallet.toLowerCase()}|${p.kind}|${p.key}|${p.amount}`
      const expected = [...direct.positions.values()].flat().map(key).sort()
      expect(stored.map(key).sort()).toEqual(expected)
      expect(expected.length).toBeGreaterThan(0)
    }
    // The cross-chain wallet has Aave positions on chains 1 and 42161 and a Morpho loan on 8453.
    const cross = wallet('cross-chain').address.toLowerCase() as `0x${string}`
    const positions = await fixture.store.getPositions({ wallets: [cross] })
    const venues = new Set(positions.map((p) => `${p.chainId}:${p.venue}:${p.kind}`))
    expect(venues).toContain('1:aave-v3:supply')
    expect(venues).toContain('42161:aave-v3:debt')
    expect(venues).toContain('8453:morpho-blue:debt')
    // Every chain's feed answers are stored: token prices and (base) the options' implied vols.
    const prices = await fixture.store.getLatestPrices()
    for (const chain of manifest.chains) {
      expect(prices.filter((p) => p.chainId === chain.chainId)).toHaveLength(manifestFeeds(chain).length)
    }
    const base = manifestChain(manifest, 8453)
    const vols = base.venues!.options!.volatilityFeeds
    expect(vols.length).toBeGreaterThan(0)
    for (const vol of vols) {
      const stored = prices.find((p) => p.chainId === 8453 && p.feed === vol.feed.toLowerCase())
      expect(stored?.asset).toBeNull()
      const seeded = optionsSeedVolatilities[vol.underlying]
      expect(stored?.value).toBe(BigInt(Math.round(seeded * 10 ** vol.decimals)))
    }
  })

  test('a later block re-reads only the wallet it touched, and the new balance is stored', async () => {
    fixture = await createIndexerFixture(manifest)
    await fixture.indexer.syncToHead()
    const chain = manifestChain(manifest, 1)
    const usdc = manifestToken(chain, 'USDC')
    const stable = wallet('stablecoin-only')
    const empty = wallet('empty')
    const sender = createDevnetClient({ chainId: 1, rpcUrl: chain.rpcUrl, privateKey: stable.privateKey })
    await sender.waitForTransactionReceipt({
      hash: await sender.writeContract({
        address: usdc.address,
        abi: erc20Abi,
        functionName: 'transfer',
        args: [empty.address, parseUnits('125', 6)],
      }),
    })
    const result = await fixture.indexer.step(1)
    expect(result.kind).toBe('blocks')
    const processed = result.kind === 'blocks' ? result.processed : []
    expect(processed).toHaveLength(1)
    expect(processed[0]?.touched).toBe(2) // sender and recipient, not the other tracked wallets
    const [received] = await fixture.store.getPositions({
      wallets: [empty.address.toLowerCase() as `0x${string}`],
      chainIds: [1],
    })
    expect(received?.amount).toBe(125_000_000n)
    expect(received?.key.toLowerCase()).toBe(usdc.address.toLowerCase())
  })
})
