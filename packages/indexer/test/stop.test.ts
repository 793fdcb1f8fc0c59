import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { mineBlocks, useDevnetSnapshots } from '@xmargin/devnet/vitest'
import { contentTables, createStore } from '@xmargin/store'
import { afterEach, beforeEach, describe, expect, inject, test } from 'vitest'
import { DISCOVERY_CURSOR } from '../src/sync/backfill.js'
import { HEAD_CURSOR } from '../src/sync/process-block.js'
import { type FaultProxy, startFaultProxy } from './support/fault-proxy.js'
import { createIndexerFixture, type IndexerFixture } from './support/indexer-fixture.js'

const manifest = inject('devnetManifest')
useDevnetSnapshots(manifest)
const CHAIN = 1
const upstream = manifest.chains.find((c) => c.chainId === CHAIN)!.rpcUrl
/** A long backfill: 4-block getLogs chunks, 100-block committed steps (25 chunks each). */
const chainOverrides = { maxLogRange: 4, backfillStepBlocks: 100 }

let dir: string
const open: (IndexerFixture | FaultProxy)[] = []
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'xmargin-stop-'))
  await mineBlocks(upstream, 400)
})
afterEach(async () => {
  for (const resource of open.splice(0).reverse()) await resource.close()
  rmSync(dir, { recursive: true, force: true })
})

/** An indexer over `dbPath` whose chain-1 RPC goes through a counting proxy (`onRequest` sees each request). */
async function indexerVia(dbPath: string, onRequest?: (method: string, count: number) => void) {
  const proxy = await startFaultProxy({ upstream, onRequest })
  open.push(proxy)
  const fixture = await createIndexerFixture(manifest, {
    dbPath,
    chainOverrides,
    rpcUrlOf: (chainId) =>
      chainId === CHAIN ? proxy.url : manifest.chains.find((c) => c.chainId === chainId)!.rpcUrl,
  })
  open.push(fixture)
  const before = proxy.counts.get('eth_getLogs') ?? 0
  /** eth_getLogs requests since the indexer was built (binding the adapters is not counted). */
  const getLogs = () => (proxy.counts.get('eth_getLogs') ?? 0) - before
  return { fixture, getLogs }
}

/** Every table but wallets' first-seen metadata (which block a wallet was first committed in), and the wallets. */
async function contentOf(path: string) {
  const store = createStore({ path })
  try {
    return {
      hash: await store.contentHash({ tables: contentTables.filter((t) => t !== 'wallets') }),
      wallets: (await store.getTrackedWallets()).map((w) => `${w.address}:${w.source}`).sort(),
    }
  } finally {
    store.close()
  }
}

async function cursorsOf(fixture: IndexerFixture) {
  const [head] = await fixture.store.getChainHeads({ chainIds: [CHAIN] })
  return new Map(head?.cursors.map((c) => [c.source, c.blockNumber]))
}

describe('stopping during the first backfill', () => {
  test('a stop ends the backfill after the getLogs chunk in flight, commits what it scanned, takes no snapshot; a restart completes to the database of an uninterrupted run', async () => {
    // An uninterrupted run (the second one only marks finality, as every complete database gets).
    const reference = join(dir, 'reference.db')
    const clean = await indexerVia(reference)
    await clean.fixture.indexer.syncToHead([CHAIN])
    await clean.fixture.indexer.syncToHead([CHAIN])
    const referenceChunks = clean.getLogs()
    expect(referenceChunks).toBeGreaterThan(100) // ~500 blocks in 4-block chunks

    // The same from scratch, stopped as its 30th chunk (the 5th of the second step) is in flight.
    const STOP_AT = 30
    const stoppedDb = join(dir, 'stopped.db')
    let fixture: IndexerFixture | undefined
    const stopped = await indexerVia(stoppedDb, (method, count) => {
      if (method === 'eth_getLogs' && count === STOP_AT) void fixture?.indexer.stop()
    })
    fixture = stopped.fixture
    await stopped.fixture.indexer.syncToHead([CHAIN])
    // Nothing was asked after the chunk in flight.
    expect(stopped.getLogs()).toBe(STOP_AT)
    // Committed exactly what it scanned: the cursor is the last block of that chunk; no snapshot.
    const cursors = await cursorsOf(stopped.fixture)
    expect(cursors.get(DISCOVERY_CURSOR)).toBe(STOP_AT * chainOverrides.maxLogRange - 1)
    expect(cursors.has(HEAD_CURSOR)).toBe(false)
    const { positions = [] } = await stopped.fixture.store.dumpContent({ tables: ['positions'] })
    expect(positions.filter(([chainId]) => chainId === CHAIN)).toEqual([])
    const status = stopped.fixture.indexer.status().find((s) => s.chainId === CHAIN)
    expect(status?.phase).toBe('backfill')

    // A restart resumes after that block, scanning no block twice, and ends where the clean run ended.
    const restarted = await indexerVia(stoppedDb)
    await restarted.fixture.indexer.syncToHead([CHAIN])
    await restarted.fixture.indexer.syncToHead([CHAIN])
    expect(STOP_AT + restarted.getLogs()).toBe(referenceChunks)
    expect((await cursorsOf(restarted.fixture)).has(HEAD_CURSOR)).toBe(true)
    expect(await contentOf(stoppedDb)).toEqual(await contentOf(reference))
  })

  test('a step asked to stop before the backfill starts asks for no logs and commits nothing', async () => {
    const { fixture, getLogs } = await indexerVia(join(dir, 'early.db'))
    const result = await fixture.indexer.step(CHAIN, { shouldStop: () => true })
    expect(result).toEqual({ kind: 'stopped', doneBlock: null })
    expect(getLogs()).toBe(0)
    expect(await fixture.store.getTip({ chainId: CHAIN })).toBeNull()
    expect((await cursorsOf(fixture)).size).toBe(0)
  })
})
