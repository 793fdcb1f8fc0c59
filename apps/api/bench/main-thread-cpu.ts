/**
 * The API's main thread (its event loop) is what limits throughput when the engine runs on worker
 * threads: this bench gives its CPU time per request, read from Linux's per-thread scheduler counter
 * (`/proc/self/task/<pid>/schedstat`, nanoseconds on a CPU), with the client (autocannon) in a child
 * process so that its own work is not counted. The whole process's CPU (main thread and engine
 * workers) is shown beside it. The ratio to `{ __typename }` in the same run is the figure to compare:
 * like the CPU counters it comes from, it moves little when other work shares the machine.
 * `tsx bench/main-thread-cpu.ts` in `apps/api` (BENCH_REQUESTS per case, default 2,000; BENCH_THREADS
 * engine threads, default 1). Linux only.
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { loadavg } from 'node:os'
import { promisify } from 'node:util'
import { benchRequests, startBenchApi } from './bench-api.js'

const cases = [
  ['{ __typename }', benchRequests.typename],
  ['margin, 20 positions', benchRequests.margin],
] as const
const requests = Number(process.env.BENCH_REQUESTS ?? 2000)
const threads = Number(process.env.BENCH_THREADS ?? 1)
const autocannonBin = createRequire(import.meta.url).resolve('autocannon/autocannon.js')
const mainThreadNs = () =>
  Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0])
const bench = await startBenchApi({ engineThreads: threads })
const { url } = bench
const perRequest: number[] = []
for (const [name, c] of cases) {
  const body = JSON.stringify(c)
  const warm = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
  const text = await warm.text()
  if (warm.status !== 200 || text.includes('"errors"')) throw new Error(text.slice(0, 300))
  const args = [
    '-a',
    String(requests),
    '-c',
    '10',
    '-m',
    'POST',
    '-H',
    'content-type=application/json',
    '-b',
    body,
    '-j',
    url,
  ]
  const main0 = mainThreadNs()
  const cpu0 = process.cpuUsage()
  const { stdout } = await promisify(execFile)(process.execPath, [autocannonBin, ...args], {
    maxBuffer: 1 << 24,
  })
  const cpu = process.cpuUsage(cpu0)
  const main = (mainThreadNs() - main0) / 1e6 / requests
  const result = JSON.parse(stdout) as { non2xx: number; errors: number; requests: { total: number } }
  if (result.non2xx + result.errors > 0)
    throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors`)
  perRequest.push(main)
  console.log(
    `${name.padEnd(22)} main thread ${main.toFixed(3).padStart(7)} ms/req   process ${((cpu.user + cpu.system) / 1000 / requests).toFixed(3).padStart(7)} ms/req   ${((perRequest[0]! / main) * 100).toFixed(1).padStart(5)}% of { __typename }'s rate   load ${loadavg()[0]!.toFixed(1)}`,
  )
}
await bench.close()
