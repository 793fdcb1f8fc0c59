import type { ResolvedMarginSettings } from '@xmargin/config'
import { defaultRiskParameters } from '@xmargin/core'
import { contentHash, defaultCalibrationSettings } from '@xmargin/engine'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { graphql } from '../src/graphql/graphql.js'
import { calmPath, commitHistory, DAY } from './support/feed-history.js'
import { codes, gql } from './support/graphql-client.js'
import { type ApiFixture, startApiFixture, T0, wallets } from './support/store-fixture.js'

const backtestQuery =
  graphql(`query ($a: [Address!], $account: String, $days: Int, $p: ParameterModel, $m: BacktestMargin, $w: Int) {
  backtest(addresses: $a, account: $account, days: $days, parameters: $p, margin: $m, window: $w) {
    parameters margin confidence window observations exceptions coverage
    kupiec { statistic pValue } christoffersen { statistic pValue } conditionalCoverage { statistic pValue }
    trafficLight { zone cumulativeProbability plusFactor }
    days { time pnl margin exception parameterSet }
  }
}`)

const dynamic: ResolvedMarginSettings = {
  model: 'dynamic',
  window: 20,
  maxHistoryAgeSeconds: 2 * DAY,
  calibration: defaultCalibrationSettings,
}

describe('backtest(addresses | account, days, confidence, parameters)', () => {
  let f: ApiFixture
  // 40 calm days, then a 30% crash on the last: the risky wallet's 10 ETH perp long loses ~8,700 USD.
  const path = [...calmPath(), calmPath().at(-1)! * 0.7]
  beforeAll(async () => {
    f = await startApiFixture({ margin: dynamic })
    await commitHistory(f.store, 2, path)
  })
  afterAll(async () => {
    await f.close()
  })

  it("static: each day's P&L against the previous day's IM; the crash day is the one exception", async () => {
    const res = await gql(f.url, backtestQuery, { a: [wallets.risky], days: 30, p: 'STATIC' })
    expect(res.errors).toBeUndefined()
    const b = res.data!.backtest
    expect(b).toMatchObject({ parameters: 'STATIC', margin: 'INITIAL', confidence: 0.99, window: null })
    expect(b.observations).toBe(30)
    expect(b.days).toHaveLength(30)
    expect(b.days.at(-1)!.time).toBe(T0 + 2)
    expect(b.days.map((d) => d.time)).toEqual(Array.from({ length: 30 }, (_, i) => T0 + 2 - (29 - i) * DAY))
    // The book: 10 ETH long (perp), so a day's P&L is 10 × the ETH move (chain 42161's price scaled by the history).
    const ratio = path.at(-1)! / path.at(-2)!
    const before = (3000 * path.at(-2)!) / path.at(-1)!
    expect(Number(b.days.at(-1)!.pnl)).toBeCloseTo(10 * before * (ratio - 1), 0)
    expect(b.days.map((d) => d.exception)).toEqual(b.days.map((d) => -Number(d.pnl) > Number(d.margin)))
    expect(b.exceptions).toBe(1)
    expect(b.days.at(-1)!.exception).toBe(true)
    expect(b.coverage).toBeCloseTo(29 / 30, 12)
    expect(new Set(b.days.map((d) => d.parameterSet))).toEqual(
      new Set([contentHash({ model: 'static', parameters: defaultRiskParameters })]),
    )
    expect(b.kupiec.pValue).toBeGreaterThan(0)
    expect(b.kupiec.pValue).toBeLessThanOrEqual(1)
    expect(b.trafficLight.plusFactor).toBeNull() // defined for 250 days at 99% only
  })

  it('dynamic (the config model): a calibration per day on the rolling window, each day naming its own', async () => {
    const res = await gql(f.url, backtestQuery, { a: [wallets.risky], days: 15, m: 'MAINTENANCE' })
    expect(res.errors).toBeUndefined()
    const b = res.data!.backtest
    expect(b).toMatchObject({ parameters: 'DYNAMIC', margin: 'MAINTENANCE', window: 20, observations: 15 })
    const ids = b.days.map((d) => d.parameterSet)
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{64}$/)
    expect(new Set(ids).size).toBe(15)
    expect(b.days.map((d) => d.exception)).toEqual(b.days.map((d) => -Number(d.pnl) > Number(d.margin)))
  })

  it('a history shorter than days (+ the window) is INSUFFICIENT_HISTORY; bad arguments are named', async () => {
    expect(codes(await gql(f.url, backtestQuery, { a: [wallets.risky], days: 40, p: 'STATIC' }))).toEqual([])
    expect(codes(await gql(f.url, backtestQuery, { a: [wallets.risky], days: 41, p: 'STATIC' }))).toEqual([
      'INSUFFICIENT_HISTORY',
    ])
    expect(codes(await gql(f.url, backtestQuery, { a: [wallets.risky], days: 25 }))).toEqual([
      'INSUFFICIENT_HISTORY',
    ])
    expect(codes(await gql(f.url, backtestQuery, { a: [wallets.risky], account: 'x' }))).toEqual([
      'BAD_USER_INPUT',
    ])
    expect(codes(await gql(f.url, backtestQuery, { a: [wallets.risky], days: 0 }))).toEqual(['OUT_OF_RANGE'])
    expect(codes(await gql(f.url, backtestQuery, { a: [wallets.risky], days: 5, w: 2 }))).toEqual([
      'OUT_OF_RANGE',
    ])
  })

  it('a book without liabilities requires no margin under the portfolio model: BAD_USER_INPUT, nothing to backtest', async () => {
    // The empty wallet, tracked: a book of nothing owes nothing.
    await f.store.trackWallets({
      wallets: [{ address: wallets.empty.toLowerCase() as `0x${string}`, source: 'config' }],
    })
    const res = await gql(f.url, backtestQuery, { a: [wallets.empty], days: 5, p: 'STATIC' })
    expect(codes(res)).toEqual(['BAD_USER_INPUT'])
    expect(res.errors![0]!.message).toMatch(/holds no liability/)
  })
})
