/**
 * Indexer benchmark: RPC requests for a full snapshot of 1,000 tracked wallets over the three
 * devnet chains, requests per block in steady state with no tracked activity, backfill speed and
 * peak memory; the batched plan compared with the naive one-eth_call-per-read plan in the same run.
 *
 *   pnpm --filter @xmargin/indexer bench
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startDevnet } from '@xmargin/devnet'
import { createTestClient, http, keccak256, toHex } from 'viem'
import { type FaultProxy, startFaultProxy } from '../test/support/fault-proxy.js'
import { createIndexerFixture } from '../test/support/indexer-fixture.js'

const WALLETS = Number(process.env.BENCH_WALLETS ?? 1000)
const STEADY_BLOCKS = 20
const BACKFILL_BLOCKS = Number(process.env.BENCH_BACKFILL_BLOCKS ?? 5_000)
const BATCH_SIZE = Number(process.env.BENCH_BATCH_SIZE ?? 1000)

let peakRss = 0
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss)
}, 25)

const devnet = await startDevnet({ ports: 'free' })
const proxies = new Map<number, FaultProxy>()
for (const chain of devnet.manifest.chains) {
  proxies.set(chain.chainId, await startFaultProxy({ upstream: chain.rpcUrl }))
}
const proxyOf = (chainId: number) => proxies.get(chainId) as FaultProxy
const resetCounts = () => {
  for (const proxy of proxies.values()) proxy.counts.clear()
}
const sumCounts = (method?: string) =>
  [...proxies.values()].reduce(
    (sum, p) =>
      sum + (method ? (p.counts.get(method) ?? 0) : [...p.counts.values()].reduce((a, b) => a + b, 0)),
    0,
  )
const dir = mkdtempSync(join(tmpdir(), 'xmargin-bench-'))

try {
  // 1. Full snapshot of WALLETS tracked wallets (the demo wallets plus deterministic others).
  const fixture = await createIndexerFixture(devnet.manifest, {
    rpcUrlOf: (chainId) => proxyOf(chainId).url,
    dbPath: join(dir, 'snapshot.db'),
    timeoutMs: 60_000,
    chainOverrides: { batchSize: BATCH_SIZE },
  })
  const extra = Array.from(
    { length: Math.max(0, WALLETS - devnet.manifest.wallets.length) },
    (_, i) => keccak256(toHex(`bench-wallet-${i}`)).slice(0, 42) as `0x${string}`,
  )
  await fixture.store.trackWallets({
    wallets: extra.map((address) => ({ address, source: 'config' as const })),
  })
  const tracked = (await fixture.store.getTrackedWallets()).length
  resetCounts()
  let calls = 0
  let walletVenueReads = 0
  const started = performance.now()
  for (const chain of fixture.chains) {
    const result = await fixture.indexer.step(chain.chainId)
    if (result.kind !== 'backfilled' && result.kind !== 'blocks') throw new Error(`unexpected ${result.kind}`)
  }
  const snapshotMs = performance.now() - started
  const ethCalls = sumCounts('eth_call')
  for (const chain of fixture.chains) {
    const venues = chain.adapters.adapters.length
    walletVenueReads += tracked * venues
    calls +=
      chain.adapters.priceSources.reduce((n, s) => n + s.reads().length, 0) +
      chain.adapters.adapters.reduce((n, a) => n + a.planShared().calls.length, 0) +
      tracked * chain.adapters.adapters.reduce((n, a) => n + a.walletReads(extra[0] ?? '0x0').length, 0)
  }
  console.log(
    `full snapshot: ${tracked} tracked wallets x ${fixture.chains.length} chains, ${BATCH_SIZE} calls per eth_call`,
  )
  console.log(
    `  batched plan: ${ethCalls} eth_call (${sumCounts()} JSON-RPC requests in all) in ${snapshotMs.toFixed(0)} ms`,
  )
  console.log(`  naive plan:   ${calls} eth_call (one per read)`)
  console.log(
    `  wallet-venue reads per eth_call: ${(walletVenueReads / ethCalls).toFixed(1)} (target >= 100)`,
  )
  console.log(
    `  reads per eth_call: ${(calls / ethCalls).toFixed(1)}  -> naive / batched = ${(calls / ethCalls).toFixed(1)}x`,
  )

  // 2. Steady state: empty blocks, no tracked activity.
  for (const chain of devnet.manifest.chains) {
    await createTestClient({ mode: 'anvil', transport: http(chain.rpcUrl) }).mine({ blocks: STEADY_BLOCKS })
  }
  resetCounts()
  for (const chain of fixture.chains) {
    for (let i = 0; i < STEADY_BLOCKS + 5; i++) {
      const result = await fixture.indexer.step(chain.chainId)
      if (result.kind === 'idle') break
    }
  }
  // Each step also polls the head once at the end (idle); count per processed block.
  const perChain = [...proxies.entries()].map(([chainId, p]) => {
    const total = [...p.counts.values()].reduce((a, b) => a + b, 0)
    return { chainId, total, methods: Object.fromEntries(p.counts) }
  })
  console.log(`steady state: ${STEADY_BLOCKS} empty blocks per chain, no tracked activity`)
  for (const c of perChain) {
    console.log(
      `  chain ${c.chainId}: ${(c.total / STEADY_BLOCKS).toFixed(2)} requests/block (target <= 2) ${JSON.stringify(c.methods)}`,
    )
  }
  await fixture.close()

  // 3. Backfill speed: the discovery scan over a long history.
  const chain1 = devnet.manifest.chains.find((c) => c.chainId === 1)
  if (!chain1) throw new Error('no chain 1')
  await createTestClient({ mode: 'anvil', transport: http(chain1.rpcUrl, { timeout: 300_000 }) }).mine({
    blocks: BACKFILL_BLOCKS,
  })
  const backfill = await createIndexerFixture(devnet.manifest, {
    dbPath: join(dir, 'backfill.db'),
    timeoutMs: 60_000,
    chainOverrides: { backfillStepBlocks: 2000, maxLogRange: 2000 },
  })
  const head = await backfill.chains[0]?.client.getBlockNumber()
  const backfillStarted = performance.now()
  await backfill.indexer.step(1)
  const seconds = (performance.now() - backfillStarted) / 1000
  console.log(
    `backfill: ${head} blocks of chain 1 scanned for venue events in ${seconds.toFixed(2)} s = ${(Number(head) / seconds).toFixed(0)} blocks/s`,
  )
  await backfill.close()
  console.log(`peak RSS: ${(peakRss / 2 ** 20).toFixed(0)} MiB`)
} finally {
  clearInterval(sampler)
  for (const proxy of proxies.values()) await proxy.close()
  await devnet.stop()
  rmSync(dir, { recursive: true, force: true })
}
