/**
 * Child process for the crash test: indexes the devnet (manifest in XMARGIN_MANIFEST) into the
 * SQLite file XMARGIN_DB until every chain reaches its head, then exits 0. XMARGIN_RPC_URLS (JSON
 * `{ [chainId]: url }`) routes chains through the test's RPC gates.
 */
import type { DevnetManifest } from '@xmargin/devnet'
import { createIndexerFixture } from './indexer-fixture.js'

const manifest = JSON.parse(process.env.XMARGIN_MANIFEST ?? '') as DevnetManifest
const dbPath = process.env.XMARGIN_DB ?? ''
const rpcUrls = JSON.parse(process.env.XMARGIN_RPC_URLS ?? '{}') as Record<string, string>
const fixture = await createIndexerFixture(manifest, {
  dbPath,
  rpcUrlOf: (chainId) =>
    rpcUrls[chainId] ?? (manifest.chains.find((c) => c.chainId === chainId)?.rpcUrl as string),
  chainOverrides: { backfillStepBlocks: Number(process.env.XMARGIN_STEP ?? 25), maxLogRange: 25 },
})
await fixture.indexer.syncToHead()
fixture.store.close()
process.exit(0)
