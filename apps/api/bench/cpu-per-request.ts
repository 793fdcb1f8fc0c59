/**
 * Sequential requests per bench case (one client, in this process), after three warm-up requests:
 * the process's CPU time per request (user + system: the API's main thread, its engine worker and the
 * client) and the wall p50 and minimum. CPU time moves less than autocannon's throughput when other
 * work shares the machine, so two trees can be compared on a busy one. `tsx bench/cpu-per-request.ts`
 * in `apps/api` (BENCH_RUNS, default 30 per case).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createStore } from '@xmargin/store'
import { pino } from 'pino'
import { createApiServer } from '../src/create-api-server.js'
import { benchChains, bookWallet, seedBenchStore, solvencyWallets } from './seed-bench-store.js'

/** The first table's cases of `bench/run.ts` (same queries), without attestations. */
const cases = [
  ['{ __typename }', { query: '{ __typename }', variables: {} }],
  [
    'margin, 20 positions',
    {
      query:
        'query ($a: [Address!]!) { margin(addresses: $a) { status equity initialMargin maintenanceMargin health isolatedInitialMargin liquidationPrices { factor price } positions { id value contribution } freshness { chainId blockNumber stale } } }',
      variables: { a: [bookWallet] },
    },
  ],
  [
    'solvency, 1,000 wallets',
    {
      query: 'query ($a: [Address!]!) { solvency(addresses: $a) { address verdict health } }',
      variables: { a: solvencyWallets },
    },
  ],
] as const
const runs = Number(process.env.BENCH_RUNS ?? 30)
const dir = mkdtempSync(join(tmpdir(), 'xmargin-api-cpu-'))
const store = createStore({ path: join(dir, 'bench.db') })
await seedBenchStore(store, Math.floor(Date.now() / 1000))
const api = createApiServer({
  store,
  chains: benchChains(),
  logger: pino({ level: 'silent' }),
  limits: { timeoutMs: 60_000, rateLimitWorkPerSecond: 0 },
})
const url = await api.listen(0)
for (const [name, c] of cases) {
  const body = JSON.stringify(c)
  const post = async () => {
    const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    const t = await r.text()
    if (r.status !== 200 || t.includes('"errors"')) throw new Error(t.slice(0, 300))
  }
  for (let i = 0; i < 3; i++) await post()
  const walls: number[] = []
  const cpu0 = process.cpuUsage()
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    await post()
    walls.push(performance.now() - t)
  }
  const cpu = process.cpuUsage(cpu0)
  walls.sort((a, b) => a - b)
  console.log(
    `${name.padEnd(26)} cpu ${((cpu.user + cpu.system) / 1000 / runs).toFixed(2).padStart(8)} ms/req   wall p50 ${walls[Math.floor(runs / 2)]!.toFixed(1).padStart(8)} ms   min ${walls[0]!.toFixed(1).padStart(7)} ms   load ${loadavg()[0]!.toFixed(1)}`,
  )
}
await api.close()
store.close()
rmSync(dir, { recursive: true, force: true })
