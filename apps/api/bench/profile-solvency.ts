/**
 * One request of 15 × `solvency` over 1,000 wallets with attestations on the engine pool, limits
 * lifted, timed on the main thread: `tsx bench/profile-solvency.ts` (add `--cpu-prof` via
 * `node --import tsx --cpu-prof` to see where the main thread spends it). BENCH_ALIASES (15),
 * BENCH_SELECTION and BENCH_RUNS (2) shape the requests; BENCH_CPU_PROFILE=<file> writes a CPU
 * profile of the main thread over the requests alone (after the seeding and a first warm-up request),
 * e.g. `BENCH_ALIASES=1 BENCH_SELECTION='address verdict health' BENCH_RUNS=50
 * BENCH_CPU_PROFILE=/tmp/solvency.cpuprofile tsx bench/profile-solvency.ts`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { createStore } from '@xmargin/store'
import { pino } from 'pino'
import { keccak256, toHex } from 'viem'
import { createApiServer } from '../src/create-api-server.js'
import { benchChains, seedBenchStore, solvencyWallets } from './seed-bench-store.js'

const now = Math.floor(Date.now() / 1000)
const dir = mkdtempSync(join(tmpdir(), 'xmargin-api-prof-'))
const store = createStore({ path: join(dir, 'bench.db') })
await seedBenchStore(store, now)
const api = createApiServer({
  store,
  chains: benchChains(),
  attestation: { privateKey: keccak256(toHex('xmargin bench signer')), deploymentId: 'bench' },
  logger: pino({ level: 'silent' }),
  limits: { maxWork: 1_000_000_000, rateLimitWorkPerSecond: 0, timeoutMs: 120_000 },
  engineThreads:
    process.env.BENCH_ENGINE_THREADS === undefined ? undefined : Number(process.env.BENCH_ENGINE_THREADS),
})
const url = await api.listen(0)
const aliases = Number(process.env.BENCH_ALIASES ?? 15)
const selection = process.env.BENCH_SELECTION ?? 'verdict attestation { signature }'
const query = `query ($a: [Address!]!) { ${Array.from({ length: aliases }, (_, i) => `a${i}: solvency(addresses: $a) { ${selection} }`).join(' ')} }`
const profileFile = process.env.BENCH_CPU_PROFILE
const session = profileFile ? new Session() : undefined
const runs = Number(process.env.BENCH_RUNS ?? 2)
const times: number[] = []
for (let run = 0; run < runs; run++) {
  // The first request warms up (worker threads load the engine, caches fill) before the profile starts.
  if (session && run === 1) {
    session.connect()
    await session.post('Profiler.enable')
    await session.post('Profiler.start')
  }
  const delay = monitorEventLoopDelay({ resolution: 10 })
  delay.enable()
  const start = performance.now()
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables: { a: solvencyWallets } }),
  })
  const text = await res.text()
  delay.disable()
  if (run > 0) times.push(performance.now() - start)
  console.log(
    `run ${run}: ${res.status} ${text.length} bytes in ${(performance.now() - start).toFixed(0)} ms; event loop delay max ${(delay.max / 1e6).toFixed(0)} ms, p50 ${(delay.percentile(50) / 1e6).toFixed(1)} ms`,
  )
}
if (session) {
  const { profile } = await session.post('Profiler.stop')
  writeFileSync(profileFile as string, JSON.stringify(profile))
  session.disconnect()
}
times.sort((a, b) => a - b)
if (times.length > 0)
  console.log(
    `p50 of runs 1–${runs - 1}: ${times[Math.floor(times.length / 2)]!.toFixed(0)} ms${profileFile ? ` (profiled: ${profileFile})` : ''}`,
  )
await api.close()
store.close()
rmSync(dir, { recursive: true, force: true })
