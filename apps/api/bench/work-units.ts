/**
 * Measures what the work model charges: `pnpm --filter @xmargin/api exec tsx bench/work-units.ts`.
 * In-process engine (`engineThreads: 0`), limits lifted, over the bench store: the time of one
 * report per wallet (`solvency`, no liquidation prices) for each model, on 200 two-position wallets
 * on the 20-position cross-chain wallet and on the options wallet (18 ETH options and USDC; 15 aliases
 * each), each less the same request over an empty wallet (the
 * request's own overhead), and its ratio to the portfolio model on the same books.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createStore } from '@xmargin/store'
import { pino } from 'pino'
import { createApiServer } from '../src/create-api-server.js'
import {
  benchChains,
  bookWallet,
  optionsWallet,
  seedBenchStore,
  solvencyWallets,
} from './seed-bench-store.js'

const rounds = Number(process.env.BENCH_ROUNDS ?? 5)
const now = Math.floor(Date.now() / 1000)
const dir = mkdtempSync(join(tmpdir(), 'xmargin-api-units-'))
const store = createStore({ path: join(dir, 'bench.db') })
await seedBenchStore(store, now)
const api = createApiServer({
  store,
  chains: benchChains(),
  logger: pino({ level: 'silent' }),
  engineThreads: 0,
  limits: { maxWork: 1_000_000_000, rateLimitWorkPerSecond: 0, timeoutMs: 600_000 },
})
const url = await api.listen(0)
const models = ['PORTFOLIO', 'STANDARD', 'AAVE_V3', 'DERIVE_PMRM', 'ES'] as const
const empty = '0x00000000000000000000000000000000000e0e0e'

/** Median ms of `rounds` runs of `aliases` × solvency over `addresses` with `model` (distinct minHealth each). */
async function time(addresses: readonly string[], model: string, aliases = 1): Promise<number> {
  const fields = Array.from(
    { length: aliases },
    (_, i) => `s${i}: solvency(addresses: $a, model: ${model}, minHealth: "${1 + i / 100}") { verdict }`,
  )
  const body = JSON.stringify({
    query: `query ($a: [Address!]!) { ${fields.join(' ')} }`,
    variables: { a: addresses },
  })
  const runs: number[] = []
  for (let i = 0; i < rounds + 1; i++) {
    const start = performance.now()
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    if (res.status !== 200) throw new Error(`${model}: ${res.status} ${await res.text()}`)
    await res.text()
    if (i > 0) runs.push(performance.now() - start) // the first warms the caches
  }
  return runs.sort((a, b) => a - b)[Math.floor(runs.length / 2)]!
}

const small = solvencyWallets.slice(0, 200)
const rows: { model: string; small: number; book: number; options: number }[] = []
for (const model of models) {
  const overheadSmall = await time(
    Array.from({ length: 200 }, (_, i) => `0x${(0xe0000 + i).toString(16).padStart(40, '0')}`),
    model,
  )
  const smallMs = Math.max(0, (await time(small, model)) - overheadSmall) / small.length
  // 15 reports of the book per request (aliases), against 15 of an empty wallet.
  const overheadBook = await time([empty], model, 15)
  const bookMs = Math.max(0, (await time([bookWallet], model, 15)) - overheadBook) / 15
  const optionsMs = Math.max(0, (await time([optionsWallet], model, 15)) - overheadBook) / 15
  rows.push({ model, small: smallMs, book: bookMs, options: optionsMs })
  process.stderr.write(`${model} done\n`)
}
await api.close()
store.close()
rmSync(dir, { recursive: true, force: true })
const base = rows[0]!
console.log(
  `\none report per wallet, in-process, median of ${rounds}, less the request overhead; Node ${process.version}\n`,
)
console.log(
  'model'.padEnd(12),
  '2-pos ms'.padStart(10),
  '× portf.'.padStart(9),
  '20-pos ms'.padStart(10),
  '× portf.'.padStart(9),
  '20-pos / 2-pos'.padStart(15),
  'options ms'.padStart(14),
  '× portf.'.padStart(9),
)
for (const r of rows)
  console.log(
    r.model.padEnd(12),
    r.small.toFixed(3).padStart(10),
    (r.small / base.small).toFixed(1).padStart(9),
    r.book.toFixed(2).padStart(10),
    (r.book / base.book).toFixed(1).padStart(9),
    (r.book / r.small).toFixed(1).padStart(15),
    r.options.toFixed(2).padStart(14),
    (r.options / base.options).toFixed(1).padStart(9),
  )
