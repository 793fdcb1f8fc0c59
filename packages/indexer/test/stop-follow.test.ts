import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { useDevnetSnapshots } from '@xmargin/devnet/vitest'
import { afterEach, beforeEach, describe, expect, inject, test } from 'vitest'
import { type FaultProxy, startFaultProxy } from './support/fault-proxy.js'
import { createIndexerFixture, type IndexerFixture } from './support/indexer-fixture.js'

const manifest = inject('devnetManifest')
useDevnetSnapshots(manifest)
const CHAIN = 1
const upstream = manifest.chains.find((c) => c.chainId === CHAIN)!.rpcUrl

let dir: string
const open: (IndexerFixture | FaultProxy)[] = []
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'xmargin-stop-follow-'))
})
afterEach(async () => {
  for (const resource of open.splice(0).reverse()) await resource.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('stopping the follow loop', () => {
  test('a stop that arrives while a follow step is in flight ends run() after that step, not after the next 10-minute poll', async () => {
    let fixture: IndexerFixture | undefined
    let armed = false
    let stopping: Promise<void> | undefined
    const proxy = await startFaultProxy({
      upstream,
      // The stop lands in the middle of a step: as the follow loop's first RPC request arrives.
      onRequest: () => {
        if (armed && !stopping) stopping = fixture!.indexer.stop()
      },
    })
    open.push(proxy)
    fixture = await createIndexerFixture(manifest, {
      dbPath: join(dir, 'xmargin.db'),
      pollingIntervalMs: 600_000,
      rpcUrlOf: (chainId) =>
        chainId === CHAIN ? proxy.url : manifest.chains.find((c) => c.chainId === chainId)!.rpcUrl,
    })
    open.push(fixture)
    await fixture.indexer.syncToHead()

    armed = true
    const running = fixture.indexer.run()
    // Before the fix the step ended 'idle' and the loop went to sleep for the poll interval
    // although stop() had been called: run() resolved only 600 s later.
    const outcome = await Promise.race([
      running.then(() => 'stopped' as const),
      new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 30_000)),
    ])
    expect(stopping).toBeDefined()
    expect(outcome).toBe('stopped')
    await stopping
  })
})
