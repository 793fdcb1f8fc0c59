/**
 * A CPU profile of the API's main thread while autocannon drives one bench case:
 * `BENCH_CASE=margin BENCH_CPU_PROFILE=/tmp/margin.cpuprofile tsx bench/profile-case.ts`.
 * BENCH_CASE: `typename`, `margin` (the 20-position wallet) or `solvency` (1,000 wallets, no
 * attestation); BENCH_CONNECTIONS (default 10) and BENCH_SECONDS (default 5). The profile covers the
 * autocannon run alone (after the seeding and a warm-up request); it prints req/s and p50 beside it.
 */
import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { loadavg } from 'node:os'
import autocannon from 'autocannon'
import { benchRequests, startBenchApi } from './bench-api.js'

const queries = {
  typename: benchRequests.typename,
  margin: benchRequests.margin,
  solvency: benchRequests.solvency,
}
const name = process.env.BENCH_CASE ?? 'margin'
if (!Object.hasOwn(queries, name))
  throw new Error(`unknown BENCH_CASE ${name}; cases: ${Object.keys(queries).join(', ')}`)
const body = JSON.stringify(queries[name as keyof typeof queries])
const bench = await startBenchApi()
const { url } = bench
const post = () => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
const warm = await post()
if (warm.status !== 200) throw new Error(`${name}: ${(await warm.text()).slice(0, 300)}`)
const profileFile = process.env.BENCH_CPU_PROFILE
const session = profileFile ? new Session() : undefined
if (session) {
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.start')
}
const result = await autocannon({
  url,
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body,
  connections: Number(process.env.BENCH_CONNECTIONS ?? 10),
  duration: Number(process.env.BENCH_SECONDS ?? 5),
})
if (session) {
  const { profile } = await session.post('Profiler.stop')
  writeFileSync(profileFile as string, JSON.stringify(profile))
  session.disconnect()
}
console.log(
  `${name}: ${result.requests.average.toFixed(1)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, errors ${result.errors + result.timeouts + result.non2xx}, load ${loadavg()[0]!.toFixed(2)}`,
)
await bench.close()
