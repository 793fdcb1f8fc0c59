import { anvilKey, createDevnetClient, manifestChain } from '@xmargin/devnet'
import { useDevnetSnapshots } from '@xmargin/devnet/vitest'
import type { Store } from '@xmargin/store'
import { parseEther } from 'viem'
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts'
import { afterEach, describe, expect, inject, test } from 'vitest'
import { createChainSyncer } from '../src/sync/chain-syncer.js'
import type { IndexerChain } from '../src/types.js'
import { createIndexerFixture, type IndexerFixture } from './support/indexer-fixture.js'

const manifest = inject('devnetManifest')
useDevnetSnapshots(manifest)
const fixtures: IndexerFixture[] = []
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((f) => f.close()))
})

const chain = manifestChain(manifest, 1)
const sender = createDevnetClient({ chainId: 1, rpcUrl: chain.rpcUrl, privateKey: anvilKey(0) })
const fresh = () => privateKeyToAddress(generatePrivateKey()).toLowerCase() as `0x${string}`

/** Sends ETH to `to` on chain 1 (one mined block). */
async function sendEth(to: `0x${string}`, eth: string) {
  await sender.waitForTransactionReceipt({
    hash: await sender.sendTransaction({ to, value: parseEther(eth) }),
  })
}

const nativeOf = async (store: Store, wallet: `0x${string}`) =>
  (await store.getPositions({ wallets: [wallet], chainIds: [1] })).find((p) => p.venue === 'wallet')?.amount

describe('indexer.readWallets()', () => {
  test('reads a wallet tracked after the last indexed block at that block, with no new block', async () => {
    const f = await createIndexerFixture(manifest)
    fixtures.push(f)
    const wallet = fresh()
    await sendEth(wallet, '1.25')
    await f.indexer.syncToHead()
    const tip = await f.store.getTip({ chainId: 1 })
    // Indexed, but nobody tracks it: nothing stored.
    expect(await nativeOf(f.store, wallet)).toBeUndefined()
    await f.store.trackWallets({ wallets: [{ address: wallet, source: 'api' }] })
    const reads = await f.indexer.readWallets([wallet])
    expect(reads.find((r) => r.chainId === 1)?.blockNumber).toBe(BigInt(tip!.number))
    expect(reads.every((r) => r.blockNumber !== null)).toBe(true)
    expect((await f.store.getTip({ chainId: 1 }))?.number).toBe(tip!.number)
    const rows = await f.store.getPositions({
      wallets: [wallet],
      at: [{ chainId: 1, blockNumber: tip!.number }],
    })
    expect(rows.map((r) => [r.chainId, r.venue, r.amount, r.blockNumber])).toEqual([
      [1, 'wallet', parseEther('1.25'), tip!.number],
    ])
  })

  test('an idle step reads a wallet tracked since the last block (e.g. discovered on another chain) at the tip', async () => {
    const f = await createIndexerFixture(manifest)
    fixtures.push(f)
    const wallet = fresh()
    await sendEth(wallet, '0.75')
    await f.indexer.syncToHead()
    const tip = await f.store.getTip({ chainId: 1 })
    await f.store.trackWallets({ wallets: [{ address: wallet, source: 'discovered' }] })
    // No new block on chain 1: before, the wallet stayed unread there until the chain's next block,
    // so the database depended on which chain saw the wallet first.
    expect((await f.indexer.step(1)).kind).toBe('idle')
    expect((await f.store.getTip({ chainId: 1 }))?.number).toBe(tip!.number)
    expect(await nativeOf(f.store, wallet)).toBe(parseEther('0.75'))
  })

  test('a wallet tracked while a block is processed (after the syncer listed the new ones) is not taken as read', async () => {
    const f = await createIndexerFixture(manifest)
    fixtures.push(f)
    const wallet = fresh()
    await sendEth(wallet, '2')
    await f.indexer.syncToHead([1])
    let calls = 0
    let armed = false
    // The syncer lists tracked wallets twice per block: the new ones first, then in processBlock.
    // The wallet is tracked between the two, as an API request would do at any moment.
    const store: Store = {
      ...f.store,
      getTrackedWallets: async (parameters) => {
        if (armed && ++calls === 2)
          await f.store.trackWallets({ wallets: [{ address: wallet, source: 'api' }] })
        return f.store.getTrackedWallets(parameters)
      },
    }
    const syncer = createChainSyncer({ chain: f.chains.find((c) => c.chainId === 1) as IndexerChain, store })
    expect((await syncer.step()).kind).toBe('idle')
    await sender.mine({ blocks: 1 })
    armed = true
    expect((await syncer.step()).kind).toBe('blocks')
    expect(calls).toBeGreaterThanOrEqual(2)
    // Not read in that block (untouched, not listed as new): the tip read must still read it.
    expect(await nativeOf(f.store, wallet)).toBeUndefined()
    const result = await syncer.readWallets([wallet])
    expect(result.kind).toBe('read')
    expect(await nativeOf(f.store, wallet)).toBe(parseEther('2'))
  })
})
