/**
 * The trivial query under hostile load: `pnpm --filter @xmargin/api bench:load`. Starts two APIs on
 * loopback over one seeded SQLite file, one with the default limits (protections on: work budget,
 * rate limit, subscription caps) and one with them lifted (off), and for each of issue 12's repros
 * runs the attacker from 127.0.0.1 while a probe sends `{ __typename }` from 127.0.0.2 every 20 ms
 * for BENCH_SECONDS (default 5; BENCH_ONLY=<text> runs only the repros whose name contains it), latency counted from when each probe was due (unsent ones at the window's end with their wait so far); BENCH_ENGINE_THREADS
 * sets both servers' `engineThreads` (0: engine in-process). Prints the probe's p50/p99 and their ratio to a baseline measured in
 * the same run with no load. Everything runs in this one process (as the server does: the engine is
 * on the event loop), so a blocked loop delays the probe exactly as it delays a real client.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { createStore } from '@xmargin/store'
import { pino } from 'pino'
import { keccak256, toHex } from 'viem'
import { createBlockEventEmitter } from '../src/block-events.js'
import { createApiServer } from '../src/create-api-server.js'
import {
  benchChainIds,
  benchChains,
  bookWallet,
  seedBenchStore,
  solvencyWallets,
} from './seed-bench-store.js'

const seconds = Number(process.env.BENCH_SECONDS ?? 5)
/** Only the repros whose name contains this (e.g. `solvency`); default all. */
const only = process.env.BENCH_ONLY
const probeEveryMs = 20
/** Engine worker threads of both servers (default: the API's; 0 = in-process, the event loop blocked). */
const engineThreads =
  process.env.BENCH_ENGINE_THREADS === undefined ? undefined : Number(process.env.BENCH_ENGINE_THREADS)
const now = Math.floor(Date.now() / 1000)
const dir = mkdtempSync(join(tmpdir(), 'xmargin-api-load-'))
const store = createStore({ path: join(dir, 'bench.db') })
await seedBenchStore(store, now)
const blockEvents = createBlockEventEmitter()
const serve = (limits: Parameters<typeof createApiServer>[0]['limits']) =>
  createApiServer({
    store,
    chains: benchChains(),
    now: () => Date.now() / 1000,
    attestation: { privateKey: keccak256(toHex('xmargin bench signer')), deploymentId: 'bench' },
    logger: pino({ level: 'silent' }),
    blockEvents,
    limits,
    engineThreads,
  })
const servers = {
  on: serve({}),
  off: serve({
    maxWork: 1_000_000_000,
    rateLimitWorkPerSecond: 0,
    maxSubscriptionsPerClient: 1_000,
    timeoutMs: 120_000,
  }),
}
const urls = { on: await servers.on.listen(0), off: await servers.off.listen(0) }

type Answer = { status: number; code: string | undefined }
const agentFrom = (localAddress: string) => new Agent({ keepAlive: true, localAddress })

/** POSTs a GraphQL request through `agent` (its local address is the client's key). */
function post(url: string, body: string, agent: Agent): Promise<Answer> {
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          text += chunk
        })
        res.on('end', () => {
          const code = /"code":"([A-Z_]+)"/.exec(text)?.[1]
          resolve({ status: res.statusCode ?? 0, code })
        })
      },
    )
    // A reset connection is an answer too (status 0 with its error code), counted, not fatal.
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ status: 0, code: error.code ?? error.message }),
    )
    req.end(body)
  })
}

/** `{ __typename }` from 127.0.0.2 every {@link probeEveryMs} for `seconds`; latencies in ms. */
async function probe(url: string): Promise<{ latencies: number[]; failed: number }> {
  const agent = agentFrom('127.0.0.2')
  const body = JSON.stringify({ query: '{ __typename }' })
  const latencies: number[] = []
  let failed = 0
  // Latency from when the probe was due, not when it could be sent (a blocked event loop delays the
  // sending too; measuring from the send would hide the block: coordinated omission). Probes still
  // unsent when the window closes count with their wait so far (a lower bound), so the window ends.
  const first = performance.now()
  const end = first + seconds * 1000
  let due = first
  for (; due < end && performance.now() < end; due += probeEveryMs) {
    const wait = due - performance.now()
    if (wait > 0) await sleep(wait)
    // From when it was due, or from the send if a timer fired early (they round to whole ms).
    const from = Math.min(due, performance.now())
    const answer = await post(url, body, agent)
    latencies.push(performance.now() - from)
    if (answer.status !== 200) failed++
  }
  for (const closed = performance.now(); due < end; due += probeEveryMs) latencies.push(closed - due)
  agent.destroy()
  return { latencies, failed }
}

/** A running attacker: `stop()` ends it and resolves once its last request is answered. */
type Attack = { stop: () => Promise<string> }

/** `loops` clients on 127.0.0.1 each sending `body` again as soon as it is answered. */
function floodWith(url: string, body: string, loops = 1): Attack {
  const agent = agentFrom('127.0.0.1')
  let running = true
  const answers = new Map<string, number>()
  const loop = async () => {
    while (running) {
      const answer = await post(url, body, agent)
      const key = `${answer.status}${answer.code ? ` ${answer.code}` : ''}`
      answers.set(key, (answers.get(key) ?? 0) + 1)
    }
  }
  const done = Promise.all(Array.from({ length: loops }, loop))
  return {
    stop: async () => {
      running = false
      await done
      agent.destroy()
      return [...answers].map(([k, n]) => `${n}× ${k}`).join(', ')
    },
  }
}

/** Three `marginUpdated(model: ES)` SSE subscriptions, a new block on every chain each second. */
function subscriptions(url: string): Attack {
  const controller = new AbortController()
  const query = `subscription ($a: [Address!]!) { marginUpdated(addresses: $a, model: ES) { status equity health } }`
  const statuses: number[] = []
  let events = 0
  const open = async () => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query, variables: { a: tenWallets } }),
      signal: controller.signal,
    })
    statuses.push(res.status)
    const decoder = new TextDecoder()
    const reader = res.body?.getReader()
    try {
      for (let step = await reader?.read(); step && !step.done; step = await reader?.read())
        events += decoder.decode(step.value, { stream: true }).split('event: next').length - 1
    } catch {
      // aborted by stop()
    }
  }
  const streams = Promise.all([open(), open(), open()])
  let block = 1_000_000n
  const ticker = setInterval(() => {
    block++
    for (const chainId of benchChainIds) blockEvents.emit({ chainId, blockNumber: block })
  }, 1000)
  return {
    stop: async () => {
      clearInterval(ticker)
      controller.abort()
      await streams
      return `3 subscriptions answered ${statuses.join('/')}, ${events} events`
    },
  }
}

const tenWallets = [bookWallet, ...solvencyWallets.slice(0, 9)]
const aliases = (field: string) => `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: ${field}`).join(' ')} }`
const wallets = JSON.stringify(tenWallets)
const repros: { name: string; attack: (url: string) => Attack }[] = [
  {
    name: '15 × stressTest(CRYPTO_CRASH, ES), 10 wallets',
    attack: (url) =>
      floodWith(
        url,
        JSON.stringify({
          query: aliases(`stressTest(addresses: ${wallets}, scenario: CRYPTO_CRASH, model: ES) { scenario }`),
        }),
      ),
  },
  {
    name: '15 × solvency, 1,000 wallets + attestations',
    attack: (url) =>
      floodWith(
        url,
        JSON.stringify({
          query: `query ($a: [Address!]!) ${aliases('solvency(addresses: $a) { verdict attestation { signature } }')}`,
          variables: { a: solvencyWallets },
        }),
      ),
  },
  {
    name: '15 × margin(model: ES), 10 wallets',
    attack: (url) =>
      floodWith(
        url,
        JSON.stringify({ query: aliases(`margin(addresses: ${wallets}, model: ES) { status }`) }),
      ),
  },
  { name: '3 × marginUpdated(model: ES), 10 wallets', attack: subscriptions },
  {
    name: '3 loops of margin(ES), 15 wallets (= maxWork)',
    attack: (url) =>
      floodWith(
        url,
        JSON.stringify({
          query: `{ margin(addresses: ${JSON.stringify([bookWallet, ...solvencyWallets.slice(0, 14)])}, model: ES) { status } }`,
        }),
        3,
      ),
  },
]

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
type Row = {
  name: string
  mode: 'on' | 'off'
  n: number
  failed: number
  p50: number
  p99: number
  attacker: string
}
const rows: Row[] = []
const measure = async (name: string, mode: 'on' | 'off', attack?: (url: string) => Attack) => {
  const running = attack?.(urls[mode])
  await sleep(200) // let the attacker's first request start
  const { latencies, failed } = await probe(urls[mode])
  const attacker = running ? await running.stop() : '-'
  const sorted = latencies.sort((a, b) => a - b)
  rows.push({
    name,
    mode,
    n: sorted.length,
    failed,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    attacker,
  })
  process.stderr.write(`${name} (${mode}) done\n`)
}

for (const mode of ['on', 'off'] as const) await measure('baseline (no load)', mode)
for (const repro of repros.filter((r) => only === undefined || r.name.includes(only)))
  for (const mode of ['on', 'off'] as const) await measure(repro.name, mode, repro.attack)
await servers.on.close()
await servers.off.close()
store.close()
rmSync(dir, { recursive: true, force: true })

const base = { on: rows[0]!, off: rows[1]! }
console.log(
  `\n{ __typename } from 127.0.0.2 every ${probeEveryMs} ms for ${seconds} s (latency from when each was due) while each repro runs from 127.0.0.1; protections on (default limits) vs off; engine threads ${engineThreads ?? 'default'}; Node ${process.version}\n`,
)
console.log(
  'repro'.padEnd(48),
  'prot'.padEnd(4),
  'probes'.padStart(6),
  'p50 ms'.padStart(8),
  'p99 ms'.padStart(8),
  'p50 ×'.padStart(7),
  'p99 ×'.padStart(7),
  ' attacker answers',
)
for (const r of rows)
  console.log(
    r.name.padEnd(48),
    r.mode.padEnd(4),
    String(r.n).padStart(6),
    r.p50.toFixed(1).padStart(8),
    r.p99.toFixed(1).padStart(8),
    (r.p50 / base[r.mode].p50).toFixed(1).padStart(7),
    (r.p99 / base[r.mode].p99).toFixed(1).padStart(7),
    ` ${r.attacker}${r.failed ? ` (probe: ${r.failed} not 200)` : ''}`,
  )
