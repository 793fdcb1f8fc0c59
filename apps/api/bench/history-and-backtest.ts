/**
 * `pnpm --filter @xmargin/api bench:history`: `marginHistory` of 100 wallets over 90 steps, and a
 * 365-day `backtest` of one wallet (static, then dynamic with 90-day windows), each against a
 * baseline measured in the same run (one `margin` report of the same wallets), over the HTTP API on
 * a SQLite store written as the indexer writes it. Prints figures and ratios; asserts nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createStore } from '@xmargin/store'
import { pino } from 'pino'
import { createApiServer } from '../src/create-api-server.js'
import { commitHistory } from '../test/support/feed-history.js'
import { commitFixtureBlock, fixtureChains, T0, tokens } from '../test/support/store-fixture.js'

const WALLETS = 100
const STEPS = 90
const DAYS = 365
const WINDOW = 90
const address = (i: number) => `0x${(0x50000 + i).toString(16).padStart(40, '0')}` as `0x${string}`
const wallets = Array.from({ length: WALLETS }, (_, i) => address(i))

const dir = mkdtempSync(join(tmpdir(), 'xmargin-bench-history-'))
const store = createStore({ path: join(dir, 'bench.db') })
await store.upsertChains({
  chains: [
    { chainId: 1, name: 'ethereum', finalityDepth: 10_000, useFinalizedTag: false },
    { chainId: 42161, name: 'arbitrum', finalityDepth: 10_000, useFinalizedTag: false },
  ],
})
await store.trackWallets({ wallets: wallets.map((w) => ({ address: w, source: 'config' as const })) })
// Block 1: every wallet holds 2 WETH on chain 1 and a 5 ETH perp long with 4,000 USDC on 42161.
await commitFixtureBlock(store, 1, 1, 3000n, {
  upserts: wallets.map((wallet) => ({
    venue: 'wallet',
    wallet,
    kind: 'spot',
    key: tokens.weth1,
    amount: 2n * 10n ** 18n,
  })),
})
await commitFixtureBlock(store, 42161, 1, 3000n, {
  upserts: wallets.flatMap((wallet) => [
    {
      venue: 'perp',
      wallet,
      kind: 'perp',
      key: 'ETH',
      amount: 5n * 10n ** 18n,
      extra: { entryPrice: '300000000000' },
    },
    { venue: 'perp', wallet, kind: 'spot', key: tokens.usdc42161, amount: 4_000n * 10n ** 6n },
  ]),
})
// Blocks 2..STEPS: the price moves every block (new price versions); chain 1's last block also carries
// DAYS + WINDOW daily closes of history for the backtest.
let price = 3000
for (let n = 2; n <= STEPS; n++) {
  price *= n % 3 === 0 ? 0.98 : 1.01
  await commitFixtureBlock(store, 42161, n, BigInt(Math.round(price)))
  if (n < STEPS) await commitFixtureBlock(store, 1, n, BigInt(Math.round(price)))
}
const closes = [3000]
for (let k = 1; k < DAYS + WINDOW + 1; k++) closes.push(closes[k - 1]! * (1 + 0.03 * Math.sin(k * 1.7)))
await commitHistory(store, STEPS, closes)

const now = T0 + STEPS + 10
const api = createApiServer({
  store,
  chains: fixtureChains(),
  now: () => now,
  logger: pino({ level: 'silent' }),
  margin: { model: 'static' },
  limits: {
    maxWork: Number.MAX_SAFE_INTEGER,
    rateLimitWorkPerSecond: 0,
    timeoutMs: 600_000,
    requestTimeoutMs: 600_000,
  },
  engineThreads: 1,
})
const url = await api.listen(0)

async function post(query: string, variables: Record<string, unknown>) {
  const started = performance.now()
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  })
  const body = (await response.json()) as { errors?: unknown[]; data?: Record<string, unknown> }
  if (body.errors) throw new Error(JSON.stringify(body.errors))
  return { ms: performance.now() - started, data: body.data! }
}
const best = async (runs: number, fn: () => Promise<{ ms: number }>) => {
  let min = Number.POSITIVE_INFINITY
  for (let i = 0; i < runs; i++) min = Math.min(min, (await fn()).ms)
  return min
}

const marginOf = (a: readonly string[]) =>
  post('query ($a: [Address!]!) { margin(addresses: $a) { equity initialMargin } }', { a })
const history = () =>
  post(
    'query ($a: [Address!]!, $from: Int!, $to: Int!) { marginHistory(addresses: $a, from: $from, to: $to, step: 1) { equity } }',
    { a: wallets, from: T0 + 1, to: T0 + STEPS },
  )
const backtest = (parameters: 'STATIC' | 'DYNAMIC') =>
  post(
    'query ($a: [Address!]!, $p: ParameterModel, $d: Int, $w: Int) { backtest(addresses: $a, days: $d, parameters: $p, window: $w) { exceptions observations } }',
    { a: [wallets[0]], p: parameters, d: DAYS, w: WINDOW },
  )

// Warm the engine worker and the caches.
await marginOf(wallets.slice(0, 1))
await history()
const oneReport = await best(5, () => marginOf(wallets))
const historyMs = await best(3, history)
const walletReport = await best(5, () => marginOf(wallets.slice(0, 1)))
const staticMs = await best(3, () => backtest('STATIC'))
const dynamicMs = await best(1, () => backtest('DYNAMIC'))

const f = (ms: number) => `${ms.toFixed(0)} ms`
const x = (ratio: number) => `${ratio.toFixed(1)}×`
console.log(`marginHistory: ${WALLETS} wallets × ${STEPS} steps (each step read at its own blocks)`)
console.log(`  one margin report of the ${WALLETS} wallets (baseline)   ${f(oneReport)}`)
console.log(
  `  marginHistory                                      ${f(historyMs)}   ${x(historyMs / oneReport)} the baseline (${STEPS} steps: ${x(historyMs / oneReport / STEPS)} per step)`,
)
console.log(`backtest: one wallet, ${DAYS} days (dynamic: a ${WINDOW}-day calibration per day)`)
console.log(`  one margin report of the wallet (baseline)        ${f(walletReport)}`)
console.log(
  `  static                                            ${f(staticMs)}   ${x(staticMs / walletReport)} the baseline`,
)
console.log(
  `  dynamic                                           ${f(dynamicMs)}   ${x(dynamicMs / walletReport)} the baseline, ${x(dynamicMs / staticMs)} static`,
)
await api.close()
store.close()
rmSync(dir, { recursive: true, force: true })
