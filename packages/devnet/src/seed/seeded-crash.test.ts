import { defaultRiskParameters } from '@xmargin/core'
import { calibrateChain, emirLookbackObservations, type PriceHistory } from '@xmargin/engine'
import { describe, expect, it } from 'vitest'
import { dynamicHistoryDays } from '../actions/seed-price-history.js'
import { historyRegimes, seededPricePaths } from './price-paths.js'
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

// The default dynamic window (365 daily closes: EMIR RTS 153/2013 art. 25(1)'s 12-month minimum) and
// the history it needs for the default backtest: 365 + 250 days (`dynamicHistoryDays`;
// `pnpm dev --history-days 615`), seed 14.
describe('the seeded devnet crash at the 12-month window (615 days, seed 14)', () => {
  const DAYS = dynamicHistoryDays
  const WINDOW = emirLookbackObservations
  const history = seededHistory({ days: DAYS, seed: 14 })
  const paths = seededPricePaths({ days: DAYS, seed: 14 })
  const { calm } = historyRegimes(DAYS)

  it('raises the scan ranges on the calibration after a crash day', () => {
    // The crash's first day is BTC's largest fall (−10.3%; ETH −5.5%), its fourth ETH's (−9.7%).
    expect(logReturn(paths.BTC, calm)).toBeLessThan(-0.1)
    expect(logReturn(paths.ETH, calm + 3)).toBeLessThan(-0.09)
    // Each time, the published chain of 365-day calibrations up to that close: its last link against
    // the one before.
    const first = calibrateChain({
      history: until(history, calm + 1),
      window: WINDOW,
      base: defaultRiskParameters,
    })
    expect(scans(first.at(-1)!).BTC).toBeGreaterThan(1.4 * scans(first.at(-2)!).BTC) // 6.9% → 10.3%
    const fourth = calibrateChain({
      history: until(history, calm + 4),
      window: WINDOW,
      base: defaultRiskParameters,
    })
    expect(scans(fourth.at(-1)!).ETH).toBeGreaterThan(1.2 * scans(fourth.at(-2)!).ETH) // 9.6% → 11.7%
  })

  it('backtests the leveraged book static against dynamic at 99%: dynamic has one exception more, not fewer (the issue’s expectation does not hold on this seed)', () => {
    const run = (kind: 'static' | 'dynamic', margin: 'initial' | 'maintenance') =>
      backtestSeededBook({ history, kind, margin, lookback: WINDOW })
    const im = { static: run('static', 'initial'), dynamic: run('dynamic', 'initial') }
    const mm = { static: run('static', 'maintenance'), dynamic: run('dynamic', 'maintenance') }
    // Why these counts. The backtest's 250 days start 4 days before the crash (day 369 of 615), so
    // they hold its 11 days and the recovery. This seed's crash is mild: its largest daily ETH fall is
    // −9.7% (the fourth day), below the static 15% ETH scan (built for a 2-day margin period), so the
    // static IM and MM are never exceeded. The dynamic margins at the crash are calibrated on 365
    // calm days (ETH σ 2.5% a day): IM and MM at about 61% of the static ones; on the fourth day
    // the loss ($496: the book's 10 WETH were then at $544, the history ending at today's $3,000)
    // exceeds the dynamic MM ($443) but not the dynamic IM ($574).
    expect(im.static.exceptionDays).toEqual([])
    expect(im.dynamic.exceptionDays).toEqual([])
    expect(mm.static.exceptionDays).toEqual([])
    expect(mm.dynamic.exceptionDays).toEqual([calm + 3])
    const onset = calm - (DAYS - SEEDED_BACKTEST_DAYS)
    expect(im.dynamic.margin[onset]! / im.static.margin[onset]!).toBeCloseTo(0.614, 3)
    // The inequality the issue expects, dynamic fewer than static, does not hold here: equal against
    // IM, one more against MM. Over 30 seeds (bench:seeded-crash, DAYS=615 LOOKBACK=365) the sums go
    // the other way (IM 26 against 28, MM 53 against 68), but over seeds 1–10 alone they do not
    // (IM 10 against 6, MM 25 against 21): no seed-independent property, so none is asserted.
    expect(im.dynamic.exceptions).toBe(im.static.exceptions)
    expect(mm.dynamic.exceptions).toBeGreaterThan(mm.static.exceptions)
  })
})

// A short history and a short window: `--history-days 365`, 90-day windows (the figures in the
// README's "Calibration, backtests and margin history").
describe('the seeded devnet crash at a 90-day window (365 days, seed 14)', () => {
  const DAYS = 365
  const history = seededHistory({ days: DAYS, seed: 14 })
  const paths = seededPricePaths({ days: DAYS, seed: 14 })
  const { calm, crash } = historyRegimes(DAYS)

  it('raises the ETH and BTC scan ranges on the calibration after its first large day', () => {
    // The crash regime starts at day `calm`; its first large move is the day after (ETH −13.8%, BTC −18.3%).
    const firstLarge = calm + 1
    expect(logReturn(paths.ETH, firstLarge)).toBeLessThan(-0.1)
    // The published chain of 90-day calibrations up to that close: the last link against the one before.
    const chain = calibrateChain({
      history: until(history, firstLarge + 1),
      window: 90,
      base: defaultRiskParameters,
    })
    const before = scans(chain.at(-2)!)
    const after = scans(chain.at(-1)!)
    expect(after.ETH).toBeGreaterThan(1.5 * before.ETH) // 8.4% → 13.3%
    expect(after.BTC).toBeGreaterThan(2 * before.BTC) // 6.4% → 15.8%
  })

  it('backtests the leveraged book static against dynamic: dynamic is beaten on the first crash day, covers the later ones better (why the issue’s “fewer exceptions” does not hold)', () => {
    const run = (kind: 'static' | 'dynamic', margin: 'initial' | 'maintenance') =>
      backtestSeededBook({ history, kind, margin, lookback: 90 })
    const day = (t: number) => t - (DAYS - SEEDED_BACKTEST_DAYS) // index of day t's P&L (held against day t − 1's margin)
    const staticIm = run('static', 'initial')
    const dynamicIm = run('dynamic', 'initial')
    // Against IM: static 1 exception (the −26% day), dynamic 2 (that day and the first large one).
    expect(staticIm.exceptionDays).toEqual([calm + 7])
    expect(dynamicIm.exceptionDays).toEqual([calm + 1, calm + 7])
    // The first large crash day meets a dynamic IM calibrated on calm days: 59% of the static IM.
    const onset = day(calm + 1)
    expect(dynamicIm.margin[onset]! / staticIm.margin[onset]!).toBeLessThan(0.6)
    // From the crash's sixth day to its end, the dynamic IM held (set at the close before) is above
    // the static one: the EWMA has caught up, and the static IM shrinks with the book's value.
    for (let t = calm + 5; t < calm + crash; t++) {
      expect(dynamicIm.margin[day(t)]!).toBeGreaterThan(staticIm.margin[day(t)]!)
    }
    // Against MM: static 4, dynamic 3 — the same onset day for both, then fewer for dynamic.
    expect(run('static', 'maintenance').exceptionDays).toEqual([calm + 1, calm + 4, calm + 7, calm + 9])
    expect(run('dynamic', 'maintenance').exceptionDays).toEqual([calm + 1, calm + 4, calm + 7])
  })
})
