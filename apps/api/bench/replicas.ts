/**
 * Replicas benchmark (issue 17): `pnpm --filter @xmargin/api bench:replicas`. Seeds the benchmark book
 * (`seed-bench-store.ts`) into an embedded PostgreSQL database and into a SQLite file, then drives
 * `margin` (a 20-position cross-chain wallet) and `solvency` (1,000 wallets) with autocannon against 1,
 * 2 and 4 API processes on PostgreSQL and one on SQLite (`replica-server.ts`, engine in-process). With
 * several replicas the BENCH_CONNECTIONS (default 8) connections are split evenly across them, as a
 * round-robin balancer would, and their throughputs add up. Each case runs BENCH_SECONDS (default 5).
 * The figures depend on the machine's cores: replicas scale only up to them.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPostgresStore, createStore } from '@xmargin/store'
import { startPostgresServer } from '@xmargin/store/testing/postgres-server'
import autocannon from 'autocannon'
import { bookWallet, seedBenchStore, solvencyWallets } from './seed-bench-store.js'

const seconds = Number(process.env.BENCH_SECONDS ?? 5)
const connections = Number(process.env.BENCH_CONNECTIONS ?? 8)
const now = Math.floor(Date.now() / 1000)
const dir = mkdtempSync(join(tmpdir(), 'xmargin-replicas-bench-'))
const server = await startPostgresServer()
const cases = [
  {
    name: 'margin, 20-position wallet',
    body: JSON.stringify({
      query:
        'query ($a: [Address!]!) { margin(addresses: $a) { status equity initialMargin maintenanceMargin health positions { id value contribution } freshness { chainId blockNumber stale } } }',
      variables: { a: [bookWallet] },
    }),
  },
  {
    name: 'solvency, 1,000 wallets',
    body: JSON.stringify({
      query: 'query ($a: [Address!]!) { solvency(addresses: $a) { address verdict health } }',
      variables: { a: solvencyWallets },
    }),
  },
]

/** An API process over the seeded database; resolves once it listens. */
function startProcess(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'replica-server.ts')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let stdout = ''
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const url = /^(http\S+)$/m.exec(stdout)?.[1]
      if (url) resolve({ child, url })
    })
    child.once('exit', (code) => reject(new Error(`API process exited with ${code}`)))
  })
}

type Row = { setup: string; name: string; rps: number; p50: number; p99: number; errors: number }
const rows: Row[] = []
async function measure(setup: string, env: Record<string, string>, processes: number) {
  const started = await Promise.all(Array.from({ length: processes }, () => startProcess(env)))
  try {
    for (const c of cases) {
      for (const { url } of started) {
        const check = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: c.body,
        })
        const answer = (await check.json()) as { errors?: unknown[] }
        if (check.status !== 200 || answer.errors)
          throw new Error(`${setup} ${c.name}: ${JSON.stringify(answer).slice(0, 300)}`)
      }
      const results = await Promise.all(
        started.map(({ url }) =>
          autocannon({
            url,
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: c.body,
            connections: Math.max(1, Math.round(connections / processes)),
            duration: seconds,
          }),
        ),
      )
      rows.push({
        setup,
        name: c.name,
        rps: results.reduce((sum, r) => sum + r.requests.average, 0),
        p50: Math.max(...results.map((r) => r.latency.p50)),
        p99: Math.max(...results.map((r) => r.latency.p99)),
        errors: results.reduce((sum, r) => sum + r.errors + r.timeouts + r.non2xx, 0),
      })
    }
  } finally {
    for (const { child } of started) {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }
  }
}

try {
  const url = await server.createDatabase('bench')
  const postgres = await createPostgresStore({ url })
  await seedBenchStore(postgres, now)
  await postgres.close()
  const path = join(dir, 'bench.db')
  const sqlite = createStore({ path })
  await seedBenchStore(sqlite, now)
  await sqlite.close()

  await measure('SQLite, 1 process', { BENCH_DB_PATH: path }, 1)
  for (const n of [1, 2, 4])
    await measure(`PostgreSQL, ${n} replica${n > 1 ? 's' : ''}`, { BENCH_DB_URL: url }, n)
} finally {
  await server.stop()
  rmSync(dir, { recursive: true, force: true })
}

console.log(
  `\nAPI replicas on loopback: ${connections} connections split across the processes, ${seconds} s per case, engine in-process, ${availableParallelism()} cores, Node ${process.version}\n`,
)
console.log(
  'setup'.padEnd(26),
  'case'.padEnd(28),
  'req/s'.padStart(9),
  'p50 ms'.padStart(8),
  'p99 ms'.padStart(8),
  'errors',
)
for (const r of rows)
  console.log(
    r.setup.padEnd(26),
    r.name.padEnd(28),
    r.rps.toFixed(1).padStart(9),
    String(r.p50).padStart(8),
    String(r.p99).padStart(8),
    String(r.errors),
  )
