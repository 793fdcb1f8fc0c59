/**
 * One API process of the replicas benchmark (`replicas.ts`): the API over an already seeded store
 * (BENCH_DB_URL: PostgreSQL, or BENCH_DB_PATH: SQLite), its engine in-process (one core per process),
 * rate limit off. Prints its GraphQL URL on stdout; SIGTERM closes it.
 */
import { createPostgresStore, createStore } from '@xmargin/store'
import { pino } from 'pino'
import { keccak256, toHex } from 'viem'
import { createApiServer } from '../src/create-api-server.js'
import { benchChains } from './seed-bench-store.js'

const store = process.env.BENCH_DB_URL
  ? await createPostgresStore({ url: process.env.BENCH_DB_URL })
  : createStore({ path: process.env.BENCH_DB_PATH ?? '' })
const api = createApiServer({
  store,
  chains: benchChains(),
  now: () => Date.now() / 1000,
  attestation: { privateKey: keccak256(toHex('xmargin bench signer')), deploymentId: 'bench' },
  logger: pino({ level: 'silent' }),
  limits: { timeoutMs: 60_000, rateLimitWorkPerSecond: 0 },
  engineThreads: 0,
})
process.stdout.write(`${await api.listen(0)}\n`)
process.once('SIGTERM', () => {
  void (async () => {
    await api.close()
    await store.close()
    process.exit(0)
  })()
})
