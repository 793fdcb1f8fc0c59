import type { Store } from '@xmargin/store'
import autocannon from 'autocannon'
import { pino } from 'pino'
import { createApiServer } from '../src/create-api-server.js'
import { benchChains, bookWallet } from './seed-bench-store.js'

/** The heavy request: an ES stress test of the 20-position cross-chain wallet (both reports). */
const heavyQuery = `{ stressTest(addresses: ["${bookWallet}"], scenario: CRYPTO_CRASH, model: ES) { after { status health } } }`

/** One row of {@link trivialUnderEs}. */
export type TrivialUnderEsRow = {
  engineThreads: number
  rps: number
  p50: number
  p99: number
  /** Heavy requests answered during the run. */
  heavy: number
  errors: number
}

/**
 * `{ __typename }` latency while `heavyConcurrency` clients keep an ES stress test in flight (each
 * sends the next as soon as the last is answered), on a fresh server over `store` with
 * `engineThreads` worker threads (0 = the engine in-process, on the event loop).
 *
 * @example
 * const row = await trivialUnderEs({ store, engineThreads: 0, seconds: 5, connections: 10, heavyConcurrency: 2 })
 * row.p99 // ms
 */
export async function trivialUnderEs(parameters: {
  store: Store
  engineThreads: number
  seconds: number
  connections: number
  heavyConcurrency: number
}): Promise<TrivialUnderEsRow> {
  const { store, engineThreads, seconds, connections, heavyConcurrency } = parameters
  const api = createApiServer({
    store,
    chains: benchChains(),
    now: () => Date.now() / 1000,
    logger: pino({ level: 'silent' }),
    engineThreads,
    // The rate limit off, as in the first table: every client here is loopback (one bucket), and
    // the heavy ES clients alone spend more than a client's budget per second.
    limits: { timeoutMs: 120_000, rateLimitWorkPerSecond: 0 },
  })
  const url = await api.listen(0)
  const post = async (query: string) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    })
    const body = (await response.json()) as { errors?: unknown[] }
    if (response.status !== 200 || body.errors)
      throw new Error(`bench request failed: ${JSON.stringify(body).slice(0, 300)}`)
  }
  // Warm-up (worker start, caches), then the heavy clients.
  await post('{ __typename }')
  await post(heavyQuery)
  let running = true
  let heavy = 0
  const clients = Array.from({ length: heavyConcurrency }, async () => {
    while (running) {
      await post(heavyQuery)
      heavy++
    }
  })
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename }' }),
    connections,
    duration: seconds,
  })
  running = false
  await Promise.all(clients)
  await api.close()
  return {
    engineThreads,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    heavy,
    errors: result.errors + result.timeouts + result.non2xx,
  }
}
