/**
 * Sequential requests per bench case (one client, in this process), after three warm-up requests:
 * the process's CPU time per request (user + system: the API's main thread, its engine worker and the
 * client) and the wall p50 and minimum. CPU time moves less than autocannon's throughput when other
 * work shares the machine, so two trees can be compared on a busy one. `tsx bench/cpu-per-request.ts`
 * in `apps/api` (BENCH_RUNS, default 30 per case).
 */
import { loadavg } from 'node:os'
import { benchRequests, startBenchApi } from './bench-api.js'

/** The first table's cases of `bench/run.ts`, without attestations. */
const cases = [
  ['{ __typename }', benchRequests.typename],
  ['margin, 20 positions', benchRequests.margin],
  ['solvency, 1,000 wallets', benchRequests.solvency],
] as const
const runs = Number(process.env.BENCH_RUNS ?? 30)
const bench = await startBenchApi()
const { url } = bench
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
await bench.close()
