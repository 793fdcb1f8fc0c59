/**
 * Child process for the crash test: indexes the devnet (manifest in XMARGIN_MANIFEST) into the
 * SQLite file XMARGIN_DB until every chain reaches its head, then exits 0.
 */
import type { DevnetManifest } from '@xmargin/devnet'
import { createIndexerFixture } from './indexer-fixture.js'

const manifest = JSON.parse(process.env.XMARGIN_MANIFEST ?? '') as DevnetManifest
const dbPath = process.env.XMARGIN_DB ?? ''
const fixture = await createIndexerFixture(manifest, {
  dbPath,
  chainOverrides: { backfillStepBlocks: Number(process.env.XMARGIN_STEP ?? 25), maxLogRange: 25 },
})
await fixture.indexer.syncToHead()
fixture.store.close()
process.exit(0)
