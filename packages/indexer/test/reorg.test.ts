import { createDevnetClient, type DevnetManifest, manifestChain, manifestToken } from '@xmargin/devnet'
import { useDevnetSnapshots } from '@xmargin/devnet/vitest'
import { createStore } from '@xmargin/store'
import { createTestClient, erc20Abi, http, parseUnits } from 'viem'
import { afterEach, describe, expect, inject, test } from 'vitest'
import { createIndexerFixture, type IndexerFixture } from './support/indexer-fixture.js'

const manifest = inject('devnetManifest')
useDevnetSnapshots(manifest)
const fixtures: IndexerFixture[] = []
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((f) => f.close()))
})
const fixture = async () => {
  const f = await createIndexerFixture(manifest)
  fixtures.push(f)
  return f
}

const walletOf = (name: string) => {
  const found = manifest.wallets.find((w) => w.name === name)
  if (!found) throw new Error(`no wallet ${name}`)
  return found
}

/** Sends `amount` USDC from one demo wallet to another on `chainId` (one block). */
async function sendUsdc(m: DevnetManifest, chainId: number, from: string, to: string, amount: string) {
  const chain = manifestChain(m, chainId)
  const sender = createDevnetClient({ chainId, rpcUrl: chain.rpcUrl, privateKey: walletOf(from).privateKey })
  const hash = await sender.writeContract({
    address: manifestToken(chain, 'USDC').address,
    abi: erc20Abi,
    functionName: 'transfer',
    args: [walletOf(to).address, parseUnits(amount, 6)],
  })
  await sender.waitForTransactionReceipt({ hash })
}

/**
 * Replaces the last `depth` blocks of a chain (anvil_reorg). The new fork's first block carries a
 * zero-value transfer: a fork of empty blocks mined in the same second as the blocks it replaces
 * has the very same hashes (no reorg at all), which made these tests fail now and then.
 */
async function reorg(chainId: number, depth: number) {
  const client = createTestClient({ mode: 'anvil', transport: http(manifestChain(manifest, chainId).rpcUrl) })
  const before = await client.request({ method: 'eth_getBlockByNumber', params: ['latest', false] } as never)
  const from = walletOf('cross-chain').address
  const marker = { from, to: from, value: '0x0' }
  await client.request({ method: 'anvil_reorg', params: [depth, [[marker, 0]]] } as never)
  const after = await client.request({ method: 'eth_getBlockByNumber', params: ['latest', false] } as never)
  // Same height, new hash: a real reorg.
  expect((after as { number: string }).number).toBe((before as { number: string }).number)
  expect((after as { hash: string }).hash).not.toBe((before as { hash: string }).hash)
}

/** Current state only (positions, prices, feed rounds, tracked wallets): what a fresh index of the canonical chain must equal. */
const stateOf = async (f: IndexerFixture) => ({
  ...(await f.store.dumpContent({ tables: ['positions', 'prices', 'feedRounds'], history: false })),
  // Which chain saw a discovered wallet first depends on timing across chains; what is tracked does not.
  wallets: (await f.store.getTrackedWallets()).map((w) => `${w.address}:${w.source}`).sort(),
})

async function syncAll(f: IndexerFixture) {
  // Keep stepping until no chain reports a reorg or new blocks.
  for (let i = 0; i < 20; i++) {
    const results = await Promise.all(f.chains.map((c) => f.indexer.step(c.chainId)))
    // Settled: then readers are served every tip (the store's cut in time waits for every chain's clock).
    if (results.every((r) => r.kind === 'idle')) return f.indexer.syncToHead()
  }
  throw new Error('indexer did not settle')
}

describe('reorgs (anvil_reorg on the devnet)', () => {
  test('a reorg across a block that changed a tracked wallet: the database equals a fresh index of the new chain', async () => {
    const live = await fixture()
    await syncAll(live)
    await sendUsdc(manifest, 1, 'stablecoin-only', 'empty', '100')
    await syncAll(live)
    const empty = walletOf('empty').address.toLowerCase() as `0x${string}`
    expect((await live.store.getPositions({ wallets: [empty], chainIds: [1] })).map((p) => p.amount)).toEqual(
      [100_000_000n],
    )

    await reorg(1, 1)
    // The step that handles the reorg commits the new fork's first block with a clock (its own
    // timestamp) in the rollback's transaction: the chain is never complete without a clock.
    const tipBefore = (await live.store.getChainHeads({ chainIds: [1] }))[0]?.tip
    expect(await live.indexer.step(1)).toMatchObject({ kind: 'reorg' })
    const [afterReorg] = await live.store.getChainHeads({ chainIds: [1] })
    // A complete read (the replacement's): reportable once the cut passes its timestamp.
    expect(afterReorg?.completeFrom).not.toBeNull()
    expect(afterReorg?.completeFrom).toBeLessThanOrEqual(afterReorg!.tip!.number)
    expect(afterReorg?.tip?.number).toBe(tipBefore?.number)
    expect(afterReorg?.tip?.hash).not.toBe(tipBefore?.hash)
    expect(afterReorg?.clock).toBe(afterReorg?.tip?.timestamp)
    await syncAll(live)
    expect(live.indexer.status().find((s) => s.chainId === 1)?.reorgs).toBe(1)
    expect(await live.store.getPositions({ wallets: [empty], chainIds: [1] })).toEqual([])

    const fresh = await fixture()
    await syncAll(fresh)
    expect(await stateOf(live)).toEqual(await stateOf(fresh))
  })

  test('two reorgs on two chains back to back', async () => {
    const live = await fixture()
    await syncAll(live)
    await sendUsdc(manifest, 1, 'stablecoin-only', 'empty', '10')
    await sendUsdc(manifest, 42161, 'stablecoin-only', 'empty', '20')
    await syncAll(live)
    await reorg(1, 1)
    await reorg(42161, 1)
    await syncAll(live)
    const statuses = live.indexer.status()
    expect(statuses.find((s) => s.chainId === 1)?.reorgs).toBe(1)
    expect(statuses.find((s) => s.chainId === 42161)?.reorgs).toBe(1)
    const fresh = await fixture()
    await syncAll(fresh)
    expect(await stateOf(live)).toEqual(await stateOf(fresh))
  })

  test('write, delete and re-write of one row inside the reorged range leaves no phantom', async () => {
    const live = await fixture()
    await syncAll(live)
    const empty = walletOf('empty').address.toLowerCase() as `0x${string}`
    await sendUsdc(manifest, 1, 'stablecoin-only', 'empty', '50') // write
    await syncAll(live)
    // The empty wallet has no ETH for gas; send everything back through a funded test client.
    const chain = manifestChain(manifest, 1)
    const test = createTestClient({ mode: 'anvil', transport: http(chain.rpcUrl) })
    await test.setBalance({ address: walletOf('empty').address, value: 10n ** 17n })
    await sendUsdc(manifest, 1, 'empty', 'stablecoin-only', '50') // delete (balance 0)
    await syncAll(live)
    expect(await live.store.getPositions({ wallets: [empty], chainIds: [1], kinds: ['spot'] })).toSatisfy(
      (rows: { key: string }[]) =>
        !rows.some((r) => r.key === manifestToken(chain, 'USDC').address.toLowerCase()),
    )
    await sendUsdc(manifest, 1, 'stablecoin-only', 'empty', '70') // re-write
    await syncAll(live)
    // anvil_setBalance mined no block; the 3 transfers are the last 3 blocks.
    await reorg(1, 3)
    await test.setBalance({ address: walletOf('empty').address, value: 0n })
    await syncAll(live)
    const fresh = await fixture()
    await syncAll(fresh)
    expect(await stateOf(live)).toEqual(await stateOf(fresh))
  })
})

/**
 * Polls a second connection to the database (as the API does) at every turn of the event loop while
 * `during` runs, and returns every cut of chain 1 a reader could have reported: complete per the
 * store, yet with no chain-1 position for a wallet that has some on every fork.
 */
async function cutsMissingPositions(f: IndexerFixture, during: () => Promise<void>) {
  const reader = createStore({ path: f.dbPath })
  const wallet = walletOf('near-liquidation').address.toLowerCase() as `0x${string}`
  const bad: string[] = []
  let reads = 0
  let done = false
  const poll = (async () => {
    while (!done) {
      const [head] = await reader.getChainHeads({ chainIds: [1] })
      if (head?.tip && head.incomplete === null) {
        const at = [{ chainId: 1, blockNumber: head.tip.number }]
        const rows = await reader.getPositions({ wallets: [wallet], chainIds: [1], at })
        if (rows.length === 0) bad.push(`block ${head.tip.number} ${head.tip.hash}`)
      }
      reads++
      await new Promise((resolve) => setImmediate(resolve))
    }
  })()
  try {
    await during()
  } finally {
    done = true
    await poll
    reader.close()
  }
  expect(reads).toBeGreaterThanOrEqual(3)
  return bad
}

describe('reorgs below what the store can roll back to', () => {
  test('a reorg right after the first sync (below its snapshot): no reader ever sees the chain complete without its positions', async () => {
    const test = createTestClient({ mode: 'anvil', transport: http(manifestChain(manifest, 1).rpcUrl) })
    // One block above the test's evm snapshot, so that reverting it after the reorg still works.
    await test.mine({ blocks: 1 })
    const live = await fixture()
    await syncAll(live)
    const [before] = await live.store.getChainHeads({ chainIds: [1] })
    expect(before).toMatchObject({ incomplete: null, completeFrom: before!.tip!.number })
    await reorg(1, 1)
    const bad = await cutsMissingPositions(live, async () => {
      expect(await live.indexer.step(1)).toMatchObject({ kind: 'reorg', blocksRemoved: 1 })
    })
    expect(bad).toEqual([])
    const [after] = await live.store.getChainHeads({ chainIds: [1] })
    expect(after).toMatchObject({ incomplete: null, tip: { number: before!.tip!.number } })
    expect(after!.tip!.hash).not.toBe(before!.tip!.hash)
    const fresh = await fixture()
    await syncAll(fresh)
    expect(await stateOf(live)).toEqual(await stateOf(fresh))
  })

  test('a reorg deeper than finality resets the chain (reindexing meanwhile) and re-indexes it to equal a fresh index', async () => {
    const test = createTestClient({ mode: 'anvil', transport: http(manifestChain(manifest, 1).rpcUrl) })
    await test.mine({ blocks: 2 })
    const live = await fixture()
    await syncAll(live)
    // Blocks one by one, so that the finality floor (10 blocks) lies inside the indexed range.
    for (let i = 0; i < 14; i++) {
      await test.mine({ blocks: 1 })
      await live.indexer.step(1)
    }
    await live.indexer.step(1)
    const [indexed] = await live.store.getChainHeads({ chainIds: [1] })
    expect(indexed!.finalized!.number).toBeGreaterThan(indexed!.tip!.number - 15)
    await reorg(1, 15)
    const results: string[] = []
    const states: string[] = []
    const bad = await cutsMissingPositions(live, async () => {
      for (let i = 0; i < 10; i++) {
        const result = await live.indexer.step(1)
        results.push(result.kind)
        const [head] = await live.store.getChainHeads({ chainIds: [1] })
        states.push(String(head!.incomplete))
        if (result.kind === 'idle') break
      }
    })
    expect(bad).toEqual([])
    // Detected at once, reported as a reindex, re-read from the start block, then followed again.
    expect(results[0]).toBe('reindex')
    expect(states[0]).toBe('reindexing')
    expect(results).toContain('backfilled')
    expect(results.at(-1)).toBe('idle')
    expect(states.at(-1)).toBe('null')
    const fresh = await fixture()
    await syncAll(fresh)
    expect(await stateOf(live)).toEqual(await stateOf(fresh))
  })
})
