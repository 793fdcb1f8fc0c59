/**
 * Child process for the replica tests: one API replica as `xmargin start --role api` runs it, over the
 * PostgreSQL database XMARGIN_DB_URL, the devnet's chains (XMARGIN_MANIFEST) described from their specs
 * (no RPC), subscriptions driven by `store.watchBlocks` (LISTEN/NOTIFY; its fallback poll set to once a
 * minute, so nothing reaches a subscriber sooner by polling). XMARGIN_NOW (unix seconds) fixes its
 * clock. Prints its GraphQL URL on stdout; SIGTERM closes it.
 */
import type { DevnetManifest } from '@xmargin/devnet'
import { createPostgresStore } from '@xmargin/store'
import { pino } from 'pino'
import { createStoreBlockEvents } from '../../src/block-events.js'
import { apiChainFromSpec } from '../../src/chain-from-spec.js'
import { createApiServer } from '../../src/create-api-server.js'

const manifest = JSON.parse(process.env.XMARGIN_MANIFEST ?? '') as DevnetManifest
const fixedNow = process.env.XMARGIN_NOW ? Number(process.env.XMARGIN_NOW) : undefined
const store = await createPostgresStore({ url: process.env.XMARGIN_DB_URL ?? '', watchIntervalMs: 60_000 })
const logger = pino({ level: 'warn' }, pino.destination(2))
const api = createApiServer({
  store,
  // An hour, as the devnet indexer's chains (`indexerChainsFromSpecs`): idle local chains stay fresh.
  chains: manifest.chains.map((spec) => apiChainFromSpec({ spec, maxLagSeconds: 3600 })),
  now: fixedNow === undefined ? undefined : () => fixedNow,
  blockEvents: createStoreBlockEvents({
    store,
    onError: (error) => logger.warn({ err: error }, 'could not look for new blocks in the store'),
  }),
  logger,
  limits: { rateLimitWorkPerSecond: 0 },
  engineThreads: 0,
})
const url = await api.listen(0)
process.stdout.write(`${url}\n`)
process.once('SIGTERM', () => {
  void (async () => {
    await api.close()
    await store.close()
    process.exit(0)
  })()
})
