import { manifestChain } from '@xmargin/devnet'
import { useDevnetSnapshots } from '@xmargin/devnet/vitest'
import { afterEach, describe, expect, inject, test } from 'vitest'
import { WrongChainError } from '../src/errors.js'
import { type FaultProxy, startFaultProxy } from './support/fault-proxy.js'
import { createIndexerFixture, type IndexerFixture } from './support/indexer-fixture.js'

const manifest = inject('devnetManifest')
useDevnetSnapshots(manifest)
const cleanup: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close()
})

async function proxied(seed: number): Promise<{ proxy: FaultProxy; fixture: IndexerFixture }> {
  const proxy = await startFaultProxy({ upstream: manifestChain(manifest, 1).rpcUrl, seed })
  cleanup.push(() => proxy.close())
  // No transport retries: every injected fault reaches the indexer's own loop.
  const fixture = await createIndexerFixture(manifest, {
    rpcUrlOf: (chainId) => (chainId === 1 ? proxy.url : manifestChain(manifest, chainId).rpcUrl),
    retryCount: 0,
  })
  cleanup.push(() => fixture.close())
  return { proxy, fixture }
}

const stateOf = async (f: IndexerFixture) =>
  (await f.store.dumpContent({ tables: ['positions', 'prices', 'feedRounds'], history: false })) as Record<
    string,
    unknown[][]
  >

describe('RPC faults (a JSON-RPC proxy in front of the devnet)', () => {
  test.each([11, 12, 13])(
    'timeouts, 429s, 500s and malformed JSON (seed %i): nothing wrong is written, no false reorg, staleness reported, recovery',
    async (seed) => {
      const { proxy, fixture } = await proxied(seed)
      proxy.setFaults({ rateLimit: 0.25, serverError: 0.15, malformed: 0.1, timeout: 0.03 })
      let errors = 0
      let sawStale = false
      for (let i = 0; i < 300; i++) {
        try {
          const result = await fixture.indexer.step(1)
          if (result.kind === 'idle') break
        } catch {
          errors++
          if (fixture.indexer.status().find((s) => s.chainId === 1)?.stale) sawStale = true
        }
      }
      expect(errors).toBeGreaterThan(3)
      expect(sawStale).toBe(true)

      proxy.setFaults({})
      await fixture.indexer.syncToHead([1])
      const status = fixture.indexer.status().find((s) => s.chainId === 1)
      expect(status?.consecutiveErrors).toBe(0)
      expect(status?.lagBlocks).toBe(0n)
      // A failed RPC call is never mistaken for a reorg.
      expect(status?.reorgs).toBe(0)

      const clean = await createIndexerFixture(manifest)
      cleanup.push(() => clean.close())
      await clean.indexer.syncToHead([1])
      expect(await stateOf(fixture)).toEqual(await stateOf(clean))
    },
  )

  test('an RPC that answers with another chain id is refused before anything is written', async () => {
    const { proxy, fixture } = await proxied(5)
    proxy.setFaults({ wrongChainId: 999 })
    await expect(fixture.indexer.step(1)).rejects.toThrow(WrongChainError)
    expect(await fixture.store.getTip({ chainId: 1 })).toBeNull()
    expect(
      await fixture.store.getPositions({ wallets: manifest.wallets.map((w) => w.address), chainIds: [1] }),
    ).toEqual([])
    expect(fixture.indexer.status().find((s) => s.chainId === 1)?.lastError).toMatch(/serves chain 999/)
  })
})
