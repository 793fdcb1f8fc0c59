/**
 * Static against dynamic parameters over the seeded devnet history, across seeds: the figures behind
 * the README's "Over 30 seeds" sentences and the issue note. Prints figures, asserts nothing.
 * Run: pnpm --filter @xmargin/devnet bench:seeded-crash (SEEDS=30 by default; ~3 min on a busy
 * 2-core machine). By default the default dynamic window: DAYS=615 LOOKBACK=365 (EMIR's 12-month
 * look-back, art. 25(1) of RTS 153/2013, and 250 backtest days); DAYS=365 LOOKBACK=90 for the short one.
 *
 * Per seed, DAYS days of `seededPricePaths`, the last 250 backtested at 99% with LOOKBACK-day
 * windows (`backtestSeededBook`, the seeded-crash test's book): the exceptions of 10 WETH against
 * 24,000 USDC of debt against IM and MM, split into the crash's first two days (its onset and the day
 * after) and the rest; then, for seed 14, the same against the worst P&L over the 2-day margin period
 * of risk (a CCP's margin-adequacy test) instead of one day.
 */

import type { PriceHistory } from '@xmargin/engine'
import { historyRegimes } from '../src/seed/price-paths.js'
import { backtestSeededBook, SEEDED_BACKTEST_DAYS, seededHistory } from '../src/seed/seeded-backtest.js'

const DAYS = Number(process.env.DAYS ?? 615)
const LOOKBACK = Number(process.env.LOOKBACK ?? 365)
const seeds = Number(process.env.SEEDS ?? 30)
const { calm } = historyRegimes(DAYS)
const historyOf = (seed: number) => seededHistory({ days: DAYS, seed })
const run = (history: PriceHistory, kind: 'static' | 'dynamic', margin: 'initial' | 'maintenance') =>
  backtestSeededBook({ history, kind, margin, lookback: LOOKBACK })

const onset = calm - (DAYS - SEEDED_BACKTEST_DAYS) // index of the crash's first P&L day
const totals: Record<string, number> = {}
const add = (key: string, value: number) => {
  totals[key] = (totals[key] ?? 0) + value
}
for (let seed = 1; seed <= seeds; seed++) {
  const history = historyOf(seed)
  const line: string[] = []
  for (const margin of ['initial', 'maintenance'] as const) {
    for (const kind of ['static', 'dynamic'] as const) {
      const r = run(history, kind, margin)
      const hit = r.pnl.map((p, t) => -p > r.margin[t]!)
      const first = hit.slice(onset, onset + 2).filter(Boolean).length
      add(`${margin} ${kind}`, r.exceptions)
      add(`${margin} ${kind} onset`, first)
      line.push(`${margin === 'initial' ? 'IM' : 'MM'} ${kind} ${r.exceptions} (onset ${first})`)
    }
  }
  console.log(`seed ${seed}: ${line.join(', ')}`)
}
for (const margin of ['initial', 'maintenance'] as const) {
  const f = (kind: string) =>
    `${totals[`${margin} ${kind}`]} (crash's first two days ${totals[`${margin} ${kind} onset`]}, other days ${
      totals[`${margin} ${kind}`]! - totals[`${margin} ${kind} onset`]!
    })`
  console.log(
    `${seeds} seeds, against ${margin === 'initial' ? 'IM' : 'MM'}: static ${f('static')}; dynamic ${f('dynamic')}`,
  )
}
console.log(`(${DAYS} days, ${LOOKBACK}-day windows)`)
// The margin-adequacy horizon: the margin held at D against the worst P&L from D to D+1 and D+2.
const history14 = historyOf(14)
for (const margin of ['initial', 'maintenance'] as const) {
  const line = (['static', 'dynamic'] as const).map((kind) => {
    const r = run(history14, kind, margin)
    let exceptions = 0
    for (let t = 0; t < r.pnl.length; t++) {
      const worst = Math.min(r.pnl[t]!, r.pnl[t]! + (r.pnl[t + 1] ?? 0))
      if (-worst > r.margin[t]!) exceptions++
    }
    return `${kind} ${r.exceptions} over one day, ${exceptions} over the 2-day MPOR`
  })
  console.log(`seed 14 against ${margin === 'initial' ? 'IM' : 'MM'}: ${line.join('; ')}`)
}
