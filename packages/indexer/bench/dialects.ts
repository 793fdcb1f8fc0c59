/**
 * Indexing throughput per chain on both dialects (issue 17): `pnpm --filter @xmargin/indexer bench:dialects`.
 * Starts the devnet, brings one indexer over a SQLite file and one over an embedded PostgreSQL database
 * to the head (demo wallets tracked), mines BENCH_BLOCKS (default 200) blocks on every chain, then times
 * each indexer catching up each chain alone over the same blocks. Prints blocks per second per chain.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startDevnet } from '@xmargin/devnet'
import { createPostgresStore, createStore, type Store } from '@xmargin/store'
import { startPostgresServer } from '@xmargin/store/testing/postgres-server'
import { pino } from 'pino'
import { createPublicClient, createTestClient, http, type PublicClient } from 'viem'
import { indexerChainsFromSpecs } from '../src/chains-from-specs.js'
import { createIndexer } from '../src/create-indexer.js'
import { registerDevnet } from '../test/support/register-devnet.js'

const blocks = Number(process.env.BENCH_BLOCKS ?? 200)
const devnet = await startDevnet({ ports: 'free' })
const { manifest } = devnet
const server = await startPostgresServer()
const dir = mkdtempSync(join(tmpdir(), 'xmargin-dialects-bench-'))

/** An indexer over `store` with the devnet's chains and demo wallets. */
async function indexerOver(store: Store) {
  await registerDevnet(store, manifest)
  const chains = await indexerChainsFromSpecs({
    chains: manifest.chains,
    clientOf: (chainId) =>
      createPublicClient({
        transport: http(manifest.chains.find((c) => c.chainId === chainId)?.rpcUrl),
        cacheTime: 0,
      }) as PublicClient,
    settings: { fullRefreshBlocks: 1_000_000 },
  })
  return createIndexer({ store, chains, logger: pino({ level: 'silent' }), pollingIntervalMs: 50 })
}

const rows: { dialect: string; chainId: number; ms: number }[] = []
try {
  const stores = {
    SQLite: createStore({ path: join(dir, 'bench.db') }),
    PostgreSQL: await createPostgresStore({ url: await server.createDatabase('bench') }),
  }
  const indexers = {
    SQLite: await indexerOver(stores.SQLite),
    PostgreSQL: await indexerOver(stores.PostgreSQL),
  }
  for (const indexer of Object.values(indexers)) await indexer.syncToHead()
  for (const chain of manifest.chains)
    await createTestClient({ mode: 'anvil', transport: http(chain.rpcUrl) }).mine({ blocks })
  for (const [dialect, indexer] of Object.entries(indexers))
    for (const chain of manifest.chains) {
      const started = performance.now()
      await indexer.syncToHead([chain.chainId])
      rows.push({ dialect, chainId: chain.chainId, ms: performance.now() - started })
    }
  for (const indexer of Object.values(indexers)) await indexer.stop()
  for (const store of Object.values(stores)) await store.close()
} finally {
  await server.stop()
  await devnet.stop()
  rmSync(dir, { recursive: true, force: true })
}

console.log(
  `\nIndexing ${blocks} new blocks per chain (devnet, demo wallets tracked), Node ${process.version}\n`,
)
console.log('dialect'.padEnd(12), 'chain'.padStart(7), 'ms'.padStart(9), 'blocks/s'.padStart(10))
for (const r of rows)
  console.log(
    r.dialect.padEnd(12),
    String(r.chainId).padStart(7),
    r.ms.toFixed(0).padStart(9),
    ((blocks * 1000) / r.ms).toFixed(1).padStart(10),
  )
