import { defaultRiskParameters } from '@xmargin/core'
import { describe, expect, it } from 'vitest'
import { computeMargin } from '../compute-margin.js'
import { debt, PRICES, spot } from '../testing/fixtures.js'
import { seededHistory } from '../testing/price-paths.js'
import { backtestBook } from './backtest-book.js'
import { InvalidBacktestInputError } from './errors.js'

// Calm 200 days (2% a day), a 10-day crash (12% a day, −4% drift), 90 days of recovery.
const history = seededHistory({
  seed: 7,
  regimes: [
    { days: 200, vol: 0.02 },
    { days: 10, vol: 0.12, drift: -0.04 },
    { days: 90, vol: 0.03, drift: 0.005 },
  ],
})
// Leveraged long ETH: 10 WETH against 20,000 USDC of debt.
const book = [spot('WETH', 10), debt('USDC', 20_000, { decimals: 6 })]
const n = history.times.length

describe('backtestBook()', () => {
  it('compares each day’s P&L with the previous day’s margin, prices moved with their factor', () => {
    const result = backtestBook({
      positions: book,
      prices: PRICES,
      history,
      parameters: { kind: 'static', params: defaultRiskParameters },
      confidence: 0.99,
      margin: 'maintenance',
      days: 250,
    })
    expect(result.observations).toBe(250)
    expect(result.times).toEqual(history.times.slice(n - 250))
    // Day by day: 10 WETH move with ETH, the USDC debt does not (USD has no history here).
    const eth = history.prices.ETH!
    for (const t of [0, 120, 249]) {
      const day = n - 250 + t
      expect(result.pnl[t]).toBeCloseTo((10 * 3000 * (eth[day]! - eth[day - 1]!)) / eth[n - 1]!, 4)
    }
    // The margin held is the maintenance margin of the day before, at that day's prices.
    const day = n - 250 - 1 + 100
    const ratio = eth[day]! / eth[n - 1]!
    const prices = PRICES.map((p) => ({
      ...p,
      value: ['WETH', 'ETH', 'wstETH'].includes(p.asset)
        ? BigInt(Math.round(Number(p.value) * ratio))
        : p.value,
      updatedAt: history.times[day]!,
    }))
    const expected = computeMargin({
      positions: book,
      prices,
      now: history.times[day]!,
      liquidationPrices: false,
      isolated: false,
    })
    expect(result.margin[100]).toBeCloseTo(expected.maintenanceMargin, 6)
    expect(result.exceptions).toBe(result.pnl.filter((p, t) => -p > result.margin[t]!).length)
    expect(new Set(result.parameterSets)).toEqual(new Set(['static']))
  })

  it('recalibrates every day with dynamic parameters: margins follow the crash', () => {
    const run = (staticFloor: number) =>
      backtestBook({
        positions: book,
        prices: PRICES,
        history,
        parameters: { kind: 'dynamic', base: defaultRiskParameters, lookback: 50, settings: { staticFloor } },
        confidence: 0.99,
        margin: 'maintenance',
        days: 250,
      })
    const statics = backtestBook({
      positions: book,
      prices: PRICES,
      history,
      parameters: { kind: 'static', params: defaultRiskParameters },
      confidence: 0.99,
      margin: 'maintenance',
      days: 250,
    })
    // Margin per dollar of ETH held, day 150 of the history (calm) and day 215 (five days after the crash).
    const eth = history.prices.ETH!
    const perDollar = (margin: readonly number[], t: number) =>
      margin[t]! / (eth[n - 250 + t - 1]! / eth[n - 1]!)
    // Without the static floor (EMIR art. 28(1)(b) alone): after the crash well above its calm level.
    const bare = run(0)
    expect(new Set(bare.parameterSets).size).toBeGreaterThan(200)
    expect(perDollar(bare.margin, 165)).toBeGreaterThan(1.5 * perDollar(bare.margin, 100))
    expect(perDollar(bare.margin, 100)).toBeLessThan(perDollar(statics.margin, 100))
    // With it (the default): the static margin on calm days, above it after the crash.
    const floored = run(1)
    expect(perDollar(floored.margin, 100)).toBeCloseTo(perDollar(statics.margin, 100), 6)
    expect(perDollar(floored.margin, 165)).toBeGreaterThan(perDollar(statics.margin, 165))
    // There the realised parameters are above the floor: the same margin as without it.
    expect(floored.margin[165]).toBeCloseTo(bare.margin[165]!, 6)
    for (let t = 0; t < 250; t++)
      expect(floored.margin[t]!).toBeGreaterThanOrEqual(statics.margin[t]! * (1 - 1e-9))
  })

  it('refuses more days than the history holds after the window', () => {
    expect(() =>
      backtestBook({
        positions: book,
        prices: PRICES,
        history,
        parameters: { kind: 'dynamic', base: defaultRiskParameters, lookback: 100 },
        confidence: 0.99,
        days: 250,
      }),
    ).toThrow(InvalidBacktestInputError)
  })

  it('refuses a book without liabilities under the portfolio model (it requires no margin), not under others', () => {
    const parameters = {
      prices: PRICES,
      history,
      parameters: { kind: 'static', params: defaultRiskParameters },
      confidence: 0.99,
      days: 100,
    } as const
    expect(() => backtestBook({ ...parameters, positions: [spot('WETH', 10)] })).toThrow(/holds no liability/)
    const standard = backtestBook({ ...parameters, positions: [spot('WETH', 10)], model: 'standard' })
    expect(standard.observations).toBe(100)
  })
})
