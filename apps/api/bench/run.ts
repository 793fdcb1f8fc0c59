/**
 * API benchmark: `pnpm --filter @xmargin/api bench`. Starts the API on loopback over a seeded SQLite
 * file and drives it with autocannon: `{ __typename }` (the ceiling), `margin` for a 20-position
 * cross-chain wallet, `solvency` for 1,000 wallets (with and without attestations, and without them
 * over 1 connection: a single request's latency, not queued behind the other connections). Then
 * `{ __typename }` while BENCH_HEAVY (default 2) clients keep an ES stress test in flight, with the
 * engine on its worker pool and in-process (`engineThreads: 0`) in the same run, and the ratio.
 * Bounded: each run lasts BENCH_SECONDS (default 5) with BENCH_CONNECTIONS (default 10) connections.
 * BENCH_ENGINE_THREADS sets the first table's engine threads (0 = in-process); BENCH_UNDER_ES=0 skips
 * the second table. The 1-minute load average is printed before and after the first table.
 */
import { loadavg } from 'node:os'
import autocannon from 'autocannon'
import { keccak256, toHex } from 'viem'
import { defaultEngineThreads } from '../src/engine/engine-runner.js'
import { benchRequests, startBenchApi } from './bench-api.js'
import { type TrivialUnderEsRow, trivialUnderEs } from './trivial-under-es.js'

const seconds = Number(process.env.BENCH_SECONDS ?? 5)
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10)
const heavyConcurrency = Number(process.env.BENCH_HEAVY ?? 2)
/** Engine threads of the first table's server (default: the API's default pool). */
const engineThreads =
  process.env.BENCH_ENGINE_THREADS === undefined
    ? defaultEngineThreads()
    : Number(process.env.BENCH_ENGINE_THREADS)
const bench = await startBenchApi({
  now: () => Date.now() / 1000,
  attestation: { privateKey: keccak256(toHex('xmargin bench signer')), deploymentId: 'bench' },
  engineThreads,
})
const { url, store } = bench
/** The machine's 1-minute load average, printed beside the figures (the machine may be shared). */
const load = () => loadavg()[0]!.toFixed(2)
const loadBefore = load()

const cases: { name: string; request: { query: string; variables: object }; connections?: number }[] = [
  { name: '{ __typename } (ceiling)', request: benchRequests.typename },
  { name: 'margin, 20-position cross-chain wallet', request: benchRequests.margin },
  { name: 'solvency, 1,000 wallets (no attestation)', request: benchRequests.solvency },
  // The p50 target of a single request: sequential, no queueing behind other connections.
  {
    name: 'solvency, 1,000 wallets (no attestation), 1 conn',
    request: benchRequests.solvency,
    connections: 1,
  },
  { name: 'solvency, 1,000 wallets + EIP-712 attestations', request: benchRequests.solvencyAttested },
]

type Row = { name: string; rps: number; p50: number; p99: number; errors: number; non2xx: number }
const rows: Row[] = []
for (const c of cases) {
  const body = JSON.stringify(c.request)
  const check = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
  const checked = (await check.json()) as { errors?: unknown[] }
  if (check.status !== 200 || checked.errors)
    throw new Error(`${c.name}: ${JSON.stringify(checked).slice(0, 300)}`)
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections: c.connections ?? connections,
    duration: seconds,
  })
  rows.push({
    name: c.name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  })
}
const loadAfter = load()

const ceiling = rows[0]!.rps
console.log(
  `\nxmargin API on loopback: ${connections} connections, ${seconds} s per case, engine threads ${engineThreads}, Node ${process.version}, load ${loadBefore} → ${loadAfter}\n`,
)
console.log(
  'case'.padEnd(48),
  'req/s'.padStart(9),
  'p50 ms'.padStart(8),
  'p99 ms'.padStart(8),
  'vs ceiling'.padStart(11),
  'errors',
)
for (const r of rows)
  console.log(
    r.name.padEnd(48),
    r.rps.toFixed(1).padStart(9),
    String(r.p50).padStart(8),
    String(r.p99).padStart(8),
    `${((100 * r.rps) / ceiling).toFixed(2)}%`.padStart(11),
    `${r.errors + r.non2xx}`,
  )

// The first table is printed before the under-ES runs, so it survives their failure.
const underEs: TrivialUnderEsRow[] = []
if (process.env.BENCH_UNDER_ES !== '0')
  for (const engineThreads of [defaultEngineThreads(), 0])
    underEs.push(await trivialUnderEs({ store, engineThreads, seconds, connections, heavyConcurrency }))
await bench.close()
if (underEs.length > 0) {
  console.log(
    `\n{ __typename } while ${heavyConcurrency} clients keep stressTest(CRYPTO_CRASH, model: ES) in flight\n`,
  )
  console.log(
    'engine'.padEnd(24),
    'req/s'.padStart(9),
    'p50 ms'.padStart(8),
    'p99 ms'.padStart(8),
    'heavy done'.padStart(11),
    'errors',
  )
  for (const r of underEs)
    console.log(
      (r.engineThreads === 0 ? 'in-process (0 threads)' : `pool (${r.engineThreads} threads)`).padEnd(24),
      r.rps.toFixed(1).padStart(9),
      String(r.p50).padStart(8),
      String(r.p99).padStart(8),
      String(r.heavy).padStart(11),
      `${r.errors}`,
    )
  const [pool, inline] = underEs as [TrivialUnderEsRow, TrivialUnderEsRow]
  const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(1)}×` : 'n/a (0 ms)')
  console.log(
    `in-process / pool: p50 ${ratio(inline.p50, pool.p50)}, p99 ${ratio(inline.p99, pool.p99)}, req/s ${ratio(pool.rps, inline.rps)} for the pool`,
  )
}
