import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createStore, type Store } from '@xmargin/store'
import { pino } from 'pino'
import { type CreateApiServerParameters, createApiServer } from '../src/create-api-server.js'
import { benchChains, bookWallet, seedBenchStore, solvencyWallets } from './seed-bench-store.js'

/** The benches' GraphQL requests over the seeded store: one per case, the same in every bench. */
export const benchRequests = {
  typename: { query: '{ __typename }', variables: {} },
  /** The 20-position cross-chain wallet. */
  margin: {
    query:
      'query ($a: [Address!]!) { margin(addresses: $a) { status equity initialMargin maintenanceMargin health isolatedInitialMargin liquidationPrices { factor price } positions { id value contribution } freshness { chainId blockNumber stale } } }',
    variables: { a: [bookWallet] },
  },
  /** 1,000 wallets, no attestation. */
  solvency: {
    query: 'query ($a: [Address!]!) { solvency(addresses: $a) { address verdict health } }',
    variables: { a: solvencyWallets },
  },
  /** 1,000 wallets, each verdict signed (EIP-712). */
  solvencyAttested: {
    query:
      'query ($a: [Address!]!) { solvency(addresses: $a) { address verdict health attestation { signature } } }',
    variables: { a: solvencyWallets },
  },
} as const

export type BenchApi = { url: string; store: Store; close: () => Promise<void> }

/**
 * The API on loopback over a fresh SQLite file seeded with the bench book (`seedBenchStore`), logging
 * nothing and without its rate limit (every autocannon connection is one client; the figures are
 * throughput). `options` go to `createApiServer` over these defaults; `close` removes the file.
 *
 * @example
 * const api = await startBenchApi({ engineThreads: 1 })
 * await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(benchRequests.margin) })
 * await api.close()
 */
export async function startBenchApi(
  options: Partial<Omit<CreateApiServerParameters, 'store'>> = {},
): Promise<BenchApi> {
  const dir = mkdtempSync(join(tmpdir(), 'xmargin-api-bench-'))
  const store = createStore({ path: join(dir, 'bench.db') })
  await seedBenchStore(store, Math.floor(Date.now() / 1000))
  const api = createApiServer({
    store,
    chains: benchChains(),
    logger: pino({ level: 'silent' }),
    limits: { timeoutMs: 60_000, rateLimitWorkPerSecond: 0 },
    ...options,
  })
  const url = await api.listen(0)
  return {
    url,
    store,
    close: async () => {
      await api.close()
      store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
