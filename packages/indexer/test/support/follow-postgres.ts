/**
 * Child process for the standby test: an indexer of the devnet (manifest in XMARGIN_MANIFEST) over the
 * PostgreSQL database XMARGIN_DB_URL, as a hot standby (`startIndexer({ standby: true })`), following
 * the heads until SIGTERM. XMARGIN_RPC_URLS (JSON `{ [chainId]: url }`) routes chains through the
 * test's RPC gates. Logs JSON lines on stderr (`standby…`, `first sync done`, then `following` once the
 * first sync of every chain is done and SIGTERM is handled). On SIGTERM it stops, runs
 * one more sync of every chain to the head (the finality pass every compared database ends with),
 * then exits 0.
 */
import type { DevnetManifest } from '@xmargin/devnet'
import { createPostgresStore } from '@xmargin/store'
import { pino } from 'pino'
import { createPublicClient, http, type PublicClient } from 'viem'
import { indexerChainsFromSpecs } from '../../src/chains-from-specs.js'
import { startIndexer } from '../../src/start-indexer.js'
import { registerDevnet } from './register-devnet.js'

const manifest = JSON.parse(process.env.XMARGIN_MANIFEST ?? '') as DevnetManifest
const rpcUrls = JSON.parse(process.env.XMARGIN_RPC_URLS ?? '{}') as Record<string, string>
const store = await createPostgresStore({ url: process.env.XMARGIN_DB_URL ?? '' })
await registerDevnet(store, manifest)
const chains = await indexerChainsFromSpecs({
  chains: manifest.chains,
  clientOf: (chainId) =>
    createPublicClient({
      transport: http(rpcUrls[chainId] ?? manifest.chains.find((c) => c.chainId === chainId)?.rpcUrl, {
        retryCount: 3,
        retryDelay: 20,
      }),
      cacheTime: 0,
    }) as PublicClient,
  settings: { fullRefreshBlocks: 1_000_000, backfillStepBlocks: 25, maxLogRange: 25 },
})
const logger = pino({ level: 'info' }, pino.destination(2))
const { indexer, running } = await startIndexer({
  store,
  chains,
  logger,
  pollingIntervalMs: 50,
  standby: true,
  standbyPollMs: 100,
})
process.once('SIGTERM', () => {
  void (async () => {
    await indexer.stop()
    await running
    await indexer.syncToHead()
    await indexer.stop()
    await store.close()
    logger.info('stopped')
    process.exit(0)
  })()
})
logger.info('following')
