import { defaultRiskParameters } from '@xmargin/core'
import { calibrateChain, emirLookbackObservations, type PriceHistory } from '@xmargin/engine'
import { describe, expect, it } from 'vitest'
import { dynamicHistoryDays } from '../actions/seed-price-history.js'
import { CRASH_OPENING_JUMP, historyRegimes, seededPricePaths } from './price-paths.js'
import { backtestSeededBook, SEEDED_BACKTEST_DAYS, seededHistory } from './seeded-backtest.js'

const until = (history: PriceHistory, count: number): PriceHistory => ({
  times: history.times.slice(0, count),
  prices: Object.fromEntries(Object.entries(history.prices).map(([f, p]) => [f, p.slice(0, count)])),
})
const scans = (c: ReturnType<typeof calibrateChain>[number]) => ({
  ETH: c.parameters.factors.ETH!.scan,
  BTC: c.parameters.factors.BTC!.scan,
})
const logReturn = (path: number[], t: number) => Math.log(path[t]! / path[t - 1]!)
const statics = { ETH: defaultRiskParameters.factors.ETH!.scan, BTC: defaultRiskParameters.factors.BTC!.scan }

/** The last two links of the published chain of `window`-close calibrations up to close `count − 1`. */
function lastTwoScans(history: PriceHistory, count: number, window: number) {
  const chain = calibrateChain({ history: until(history, count), window, base: defaultRiskParameters })
  return { before: scans(chain.at(-2)!), after: scans(chain.at(-1)!) }
}

/** Exceptions of the seeded book, static and dynamic, against IM and MM. */
function backtestBoth(history: PriceHistory, lookback: number) {
  const run = (kind: 'static' | 'dynamic', margin: 'initial' | 'maintenance') =>
    backtestSeededBook({ history, kind, margin, lookback })
  return {
    im: { static: run('static', 'initial'), dynamic: run('dynamic', 'initial') },
    mm: { static: run('static', 'maintenance'), dynamic: run('dynamic', 'maintenance') },
  }
}

// The default dynamic window (365 daily closes: EMIR RTS 153/2013 art. 25(1)'s 12-month minimum) and
// the history it needs for the default backtest: 365 + 250 days (`dynamicHistoryDays`;
// `pnpm dev --history-days 615`), seed 14.
describe('the seeded devnet crash at the 12-month window (615 days, seed 14)', () => {
  const DAYS = dynamicHistoryDays
  const WINDOW = emirLookbackObservations
  const history = seededHistory({ days: DAYS, seed: 14 })
  const paths = seededPricePaths({ days: DAYS, seed: 14 })
  const { calm, crash } = historyRegimes(DAYS)

  it('raises the scan ranges above the static ones on the calibration after the crash’s first day', () => {
    // The crash opens with its jump: ETH −25.5%, BTC −26.3% (log returns).
    expect(logReturn(paths.ETH, calm)).toBeLessThan(CRASH_OPENING_JUMP)
    expect(logReturn(paths.BTC, calm)).toBeLessThan(CRASH_OPENING_JUMP)
    const { before, after } = lastTwoScans(history, calm + 1, WINDOW)
    // Before it, 365 calm closes: the realised scans are below the static ones, which floor them.
    expect(before).toEqual(statics)
    expect(after.ETH).toBeGreaterThan(1.4 * before.ETH) // 15% → 21.9%
    expect(after.BTC).toBeGreaterThan(1.8 * before.BTC) // 12% → 22.1%
  })

  it('backtests the leveraged book at 99%: both margins beaten on the jump only, the dynamic ones well above the static ones after it', () => {
    const { im, mm } = backtestBoth(history, WINDOW)
    // The backtest's 250 days start 4 days before the crash (day 369 of 615). The jump day ($1,485 lost
    // on the book's 10 WETH) exceeds the IM and MM held for it, static and dynamic alike: the dynamic
    // ones, calibrated on a calm year, sit on their static floor.
    for (const r of [im.static, im.dynamic, mm.static, mm.dynamic]) expect(r.exceptionDays).toEqual([calm])
    // From the next day to the crash's end the dynamic MM is 1.37–1.45 times the static one; the rest
    // of the crash moves (ETH −9.7%, −8.8%) stay within both.
    const day = (t: number) => t - (DAYS - SEEDED_BACKTEST_DAYS)
    expect(mm.dynamic.margin[day(calm)]).toBeCloseTo(mm.static.margin[day(calm)]!, 6)
    for (let t = calm + 1; t < calm + crash; t++) {
      expect(mm.dynamic.margin[day(t)]! / mm.static.margin[day(t)]!).toBeGreaterThan(1.35)
    }
    // Never below the static margin, on any day (the floor, seen through the book).
    for (const r of [im, mm])
      for (const [t, m] of r.static.margin.entries())
        expect(r.dynamic.margin[t]!).toBeGreaterThanOrEqual(m * (1 - 1e-9))
  })
})

// The claim, "fewer exceptions with dynamic than with static parameters", at the default
// window over seeds 1–10 (seed 14 above is one where they tie). bench:seeded-crash runs 30 seeds.
describe('dynamic against static over seeds 1–10 (615 days, 365-close windows)', () => {
  const DAYS = dynamicHistoryDays
  const counted = new Map<number, { im: [number, number]; mm: [number, number] }>()
  const countsOf = (seed: number) => {
    const known = counted.get(seed)
    if (known) return known
    const { im, mm } = backtestBoth(seededHistory({ days: DAYS, seed }), emirLookbackObservations)
    const counts = {
      im: [im.static.exceptions, im.dynamic.exceptions] as [number, number],
      mm: [mm.static.exceptions, mm.dynamic.exceptions] as [number, number],
    }
    counted.set(seed, counts)
    return counts
  }
  const seeds = Array.from({ length: 10 }, (_, i) => i + 1)

  it.each(seeds)('seed %i: dynamic never has more exceptions than static, against IM or MM', (seed) => {
    const { im, mm } = countsOf(seed)
    expect(im[1]).toBeLessThanOrEqual(im[0])
    expect(mm[1]).toBeLessThanOrEqual(mm[0])
  })

  it('in total, fewer: IM 9 against 14, MM 13 against 31', () => {
    const total = (key: 'im' | 'mm', i: 0 | 1) => seeds.reduce((sum, seed) => sum + countsOf(seed)[key][i], 0)
    expect([total('im', 0), total('im', 1)]).toEqual([14, 9])
    expect([total('mm', 0), total('mm', 1)]).toEqual([31, 13])
  })
})

// A short history and a short window: `--history-days 365`, 90-day windows (the figures in the
// README's "Calibration, backtests and margin history").
describe('the seeded devnet crash at a 90-day window (365 days, seed 14)', () => {
  const DAYS = 365
  const history = seededHistory({ days: DAYS, seed: 14 })
  const paths = seededPricePaths({ days: DAYS, seed: 14 })
  const { calm } = historyRegimes(DAYS)

  it('raises the ETH and BTC scan ranges above the static ones on the calibration after its first day', () => {
    // The jump: ETH −20.3%, BTC −16.7% (log returns).
    expect(logReturn(paths.ETH, calm)).toBeLessThan(CRASH_OPENING_JUMP)
    const { before, after } = lastTwoScans(history, calm + 1, 90)
    expect(before).toEqual(statics)
    expect(after.ETH).toBeGreaterThan(1.15 * before.ETH) // 15% → 18.0%
    expect(after.BTC).toBeGreaterThan(1.2 * before.BTC) // 12% → 14.7%
  })

  it('backtests the leveraged book static against dynamic: both beaten on the jump, dynamic fewer afterwards', () => {
    const { im, mm } = backtestBoth(history, 90)
    // Against IM: static 2 (the jump and the −26% day), dynamic 1 (the jump).
    expect(im.static.exceptionDays).toEqual([calm, calm + 7])
    expect(im.dynamic.exceptionDays).toEqual([calm])
    // Against MM: static 5, dynamic 2.
    expect(mm.static.exceptionDays).toEqual([calm, calm + 1, calm + 4, calm + 7, calm + 9])
    expect(mm.dynamic.exceptionDays).toEqual([calm, calm + 7])
  })
})
