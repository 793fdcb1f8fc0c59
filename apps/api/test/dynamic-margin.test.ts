import type { ResolvedMarginSettings } from '@xmargin/config'
import { defaultRiskParameters } from '@xmargin/core'
import {
  calibrateRiskParameters,
  contentHash,
  defaultCalibrationSettings,
  priceHistoryFromRounds,
} from '@xmargin/engine'
import { keccak256, toHex } from 'viem'
import { afterEach, describe, expect, it } from 'vitest'
import { graphql } from '../src/graphql/graphql.js'
import { calmPath, commitHistory, DAY } from './support/feed-history.js'
import { codes, gql } from './support/graphql-client.js'
import {
  type ApiFixture,
  commitFixtureBlock,
  feeds,
  recordFixtureClocks,
  startApiFixture,
  T0,
  tokens,
  wallets,
} from './support/store-fixture.js'

const WINDOW = 30
const dynamic: ResolvedMarginSettings = {
  model: 'dynamic',
  window: WINDOW,
  maxHistoryAgeSeconds: 2 * DAY,
  calibration: defaultCalibrationSettings,
}

const marginQuery = graphql(`query ($a: [Address!]!) {
  margin(addresses: $a) { initialMargin parameterSet { id model window { from to observations } asOf { chainId blockNumber } } }
}`)
const reportQuery = graphql(`query ($a: [Address!]!) {
  margin(addresses: $a) { status statusReasons parameterSet { id model } }
}`)
const solvencyQuery = graphql(
  `query ($a: [Address!]!) { solvency(addresses: $a, minHealth: "1") { verdict reasons } }`,
)
const calibrationQuery = graphql(`query {
  calibration {
    parameterSet { id model window { observations to } }
    factors { factor scanRange volatility calibrated volatilitySource blendedPeriodVolatility floored fallCapped }
    correlations { a b value }
    stressedWeight
    staticFloor
  }
}`)

let f: ApiFixture | undefined
afterEach(async () => {
  await f?.close()
  f = undefined
})

describe('dynamic margin (config margin.model)', () => {
  it('static (the default): every report names the static set by the content hash of the config parameters', async () => {
    f = await startApiFixture()
    const res = await gql(f.url, marginQuery, { a: [wallets.hedge] })
    expect(res.errors).toBeUndefined()
    expect(res.data!.margin.parameterSet).toEqual({
      id: contentHash({ model: 'static', parameters: defaultRiskParameters }),
      model: 'STATIC',
      window: null,
      asOf: [
        { chainId: 1, blockNumber: 1 },
        { chainId: 42161, blockNumber: 1 },
      ],
    })
    const calibration = await gql(f.url, calibrationQuery, {})
    expect(calibration.data!.calibration.factors.find((x) => x.factor === 'ETH')).toMatchObject({
      scanRange: 0.15,
      calibrated: false,
      volatilitySource: null,
    })
  })

  it('dynamic without stored history: the calibration is INSUFFICIENT_HISTORY, each report UNKNOWN insufficient-history under the static set it names', async () => {
    f = await startApiFixture({ margin: dynamic })
    expect(codes(await gql(f.url, calibrationQuery, {}))).toEqual(['INSUFFICIENT_HISTORY'])
    const res = await gql(f.url, reportQuery, { a: [wallets.hedge] })
    expect(res.errors).toBeUndefined()
    expect(res.data!.margin).toMatchObject({
      status: 'UNKNOWN',
      parameterSet: {
        id: contentHash({ model: 'static', parameters: defaultRiskParameters }),
        model: 'STATIC',
      },
    })
    expect(res.data!.margin.statusReasons).toContain('insufficient-history')
    // Per wallet: a batch answers every wallet, each UNKNOWN with the reason.
    const batch = await gql(f.url, solvencyQuery, { a: [wallets.hedge, wallets.risky] })
    expect(batch.errors).toBeUndefined()
    expect(batch.data!.solvency.map((s) => [s.verdict, s.reasons.includes('insufficient-history')])).toEqual([
      ['UNKNOWN', true],
      ['UNKNOWN', true],
    ])
    // A history shorter than the window is refused too.
    await commitHistory(f.store, 2, calmPath().slice(0, 10))
    expect(codes(await gql(f.url, calibrationQuery, {}))).toEqual(['INSUFFICIENT_HISTORY'])
    expect((await gql(f.url, reportQuery, { a: [wallets.hedge] })).data!.margin.statusReasons).toContain(
      'insufficient-history',
    )
  })

  it('dynamic calibrates from the stored rounds as of the pinned blocks; a new round recalibrates; the crash raises the scan', async () => {
    f = await startApiFixture({ margin: dynamic })
    const calm = calmPath()
    const { eth, usdc } = await commitHistory(f.store, 2, calm)
    const first = await gql(f.url, marginQuery, { a: [wallets.hedge] })
    expect(first.errors).toBeUndefined()
    const set = first.data!.margin.parameterSet
    expect(set).toMatchObject({
      model: 'DYNAMIC',
      window: { observations: WINDOW, to: T0 + 2 },
      asOf: [
        { chainId: 1, blockNumber: 2 },
        { chainId: 42161, blockNumber: 1 },
      ],
    })
    // The same calibration done by hand on the same rounds: the window ending at the newest round,
    // fall-capped against the published set of the last midnight before it, which is itself the
    // last link of the chain of published midnights from the first one the rounds cover (the
    // first full window uncapped, each next one capped against the one before).
    const grid = (from: number, to: number) =>
      priceHistoryFromRounds({ rounds: { ETH: eth, USD: usdc }, from, to, periodSeconds: DAY })
    const slice = (h: ReturnType<typeof grid>, a: number, b: number) => ({
      times: h.times.slice(a, b),
      prices: { ETH: h.prices.ETH!.slice(a, b), USD: h.prices.USD!.slice(a, b) },
    })
    const midnights = grid(Math.ceil(eth[0]!.updatedAt / DAY) * DAY, Math.floor((T0 + 2) / DAY) * DAY)
    expect(midnights.times).toHaveLength(39)
    let published: ReturnType<typeof calibrateRiskParameters> | undefined
    for (let end = WINDOW; end <= midnights.times.length; end++) {
      published = calibrateRiskParameters({
        history: slice(midnights, end - WINDOW, end),
        base: defaultRiskParameters,
        previous: published,
        now: 0,
      })
    }
    const expected = calibrateRiskParameters({
      history: grid(T0 + 2 - (WINDOW - 1) * DAY, T0 + 2),
      base: defaultRiskParameters,
      previous: published,
      now: 0,
    })
    expect(expected.inputs.previousId).toBe(published!.id)
    expect(set.id).toBe(expected.id)

    const calm1 = await gql(f.url, calibrationQuery, {})
    expect(calm1.errors).toBeUndefined()
    const calibration = calm1.data!.calibration
    expect(calibration.parameterSet.id).toBe(expected.id)
    expect(calibration.stressedWeight).toBe(0.25)
    const byFactor = new Map(calibration.factors.map((x) => [x.factor, x]))
    expect(byFactor.get('ETH')).toMatchObject({ calibrated: true, volatilitySource: 'realised' })
    expect(byFactor.get('ETH')!.scanRange).toBeCloseTo(expected.parameters.factors.ETH!.scan, 12)
    // Calm days: the realised ETH scan is below the static 15%, and the static floor holds it there.
    expect(calibration.staticFloor).toBe(1)
    expect(byFactor.get('ETH')).toMatchObject({ scanRange: 0.15, floored: ['scan', 'volatility'] })
    // BTC and ARB have no indexed feed here: static parameters, said so.
    expect(byFactor.get('BTC')).toMatchObject({ calibrated: false, scanRange: 0.12 })
    expect(expected.inputs.staticFactors).toEqual(['ARB', 'BTC'])

    // A crash lands as a new round (−15%) a day later: the next report recalibrates, and the ETH scan rises.
    await commitHistory(f.store, 3, [calm.at(-1)! * 0.85], calm.length + 1)
    const afterOne = await gql(f.url, calibrationQuery, {})
    expect(afterOne.errors).toBeUndefined()
    const next = afterOne.data!.calibration
    expect(next.parameterSet.id).not.toBe(expected.id)
    expect(next.parameterSet.window).toEqual({ observations: WINDOW, to: T0 + 3 })
    expect(next.factors.find((x) => x.factor === 'ETH')!.scanRange).toBeGreaterThan(
      byFactor.get('ETH')!.scanRange,
    )
    expect(next.factors.find((x) => x.factor === 'ETH')!.floored).toEqual([])
    // And the report's margin is computed with it.
    const report = await gql(f.url, marginQuery, { a: [wallets.hedge] })
    expect(report.data!.margin.parameterSet.id).toBe(next.parameterSet.id)
  })

  it('publishes a chain: as a crash leaves the look-back day by day, no published ETH scan falls more than the cap below the day before', async () => {
    // The static floor off: it would hold the scan at the static 15% before the cap's work is seen.
    f = await startApiFixture({
      margin: { ...dynamic, calibration: { ...defaultCalibrationSettings, staticFloor: 0 } },
    })
    // 40 calm days, a 4-day crash, then calm days until the crash has left the 30-day window.
    const path = calmPath()
    for (const move of [-0.15, 0.1, -0.12, 0.08]) path.push(path.at(-1)! * (1 + move))
    await commitHistory(f.store, 2, path)
    const scans: { scan: number; capped: boolean }[] = []
    for (let day = 1; day <= 40; day++) {
      const n = 2 + day * DAY
      await commitHistory(
        f.store,
        n,
        [path.at(-1)! * (1 + (day % 2 === 0 ? 0.01 : -0.01))],
        path.length + day,
      )
      f.clock.now = T0 + n + 1
      const res = await gql(f.url, calibrationQuery, {})
      expect(res.errors).toBeUndefined()
      const eth = res.data!.calibration.factors.find((x) => x.factor === 'ETH')!
      scans.push({ scan: eth.scanRange, capped: eth.fallCapped.includes('scan') })
    }
    for (let d = 1; d < scans.length; d++) {
      expect(scans[d]!.scan).toBeGreaterThanOrEqual(0.9 * scans[d - 1]!.scan * (1 - 1e-12))
    }
    // The crash left the window inside these days: the raw scan fell faster than the cap, which held it.
    expect(scans.filter((s) => s.capped).length).toBeGreaterThan(1)
    expect(scans.at(-1)!.scan).toBeLessThan(0.5 * Math.max(...scans.map((s) => s.scan)))
  })

  it('one factor’s stale history makes UNKNOWN only the books exposed to it: a book without that factor is priced with the dynamic set', async () => {
    f = await startApiFixture({ margin: dynamic })
    const calm = calmPath()
    await commitHistory(f.store, 2, calm)
    // A WETH-only book on chain 1 (no USDC anywhere), tracked like the others.
    const ethOnly = wallets.empty.toLowerCase() as `0x${string}`
    await commitFixtureBlock(f.store, 1, 3, 3000n, {
      upserts: [
        { venue: 'wallet', wallet: ethOnly, kind: 'spot', key: tokens.weth1, amount: 5n * 10n ** 18n },
      ],
    })
    await f.store.trackWallets({ wallets: [{ address: ethOnly, source: 'config' }] })
    // Three more days of ETH rounds; the USDC feed (the USD factor's reference) stops.
    const end = T0 + 2 + 3 * DAY
    const ethRounds = [1, 2, 3].map((k) => ({
      feed: feeds.eth1,
      roundId: BigInt(calm.length + k),
      answer: BigInt(Math.round(calm.at(-1)! * (1 + 0.01 * k) * 1e8)),
      decimals: 8,
      updatedAt: T0 + 2 + k * DAY,
    }))
    const hash = (n: number) => keccak256(toHex(`1:${n}`))
    await f.store.commitBlock({
      chainId: 1,
      block: { number: 4, hash: hash(4), parentHash: hash(3), timestamp: end },
      prices: [
        {
          feed: feeds.eth1,
          asset: tokens.weth1,
          value: ethRounds[2]!.answer,
          decimals: 8,
          updatedAt: end,
          roundId: ethRounds[2]!.roundId,
        },
      ],
      feedRounds: ethRounds,
      cursors: ['head'],
      complete: true,
    })
    // Arbitrum's block of that time, its prices fresh (the USD history is chain 1's USDC feed).
    await f.store.commitBlock({
      chainId: 42161,
      block: {
        number: 2,
        hash: keccak256(toHex('42161:2')),
        parentHash: keccak256(toHex('42161:1')),
        timestamp: end,
      },
      prices: [
        {
          feed: feeds.eth42161,
          asset: tokens.weth42161,
          value: ethRounds[2]!.answer,
          decimals: 8,
          updatedAt: end,
          roundId: 2n,
        },
        {
          feed: feeds.usdc42161,
          asset: tokens.usdc42161,
          value: 10n ** 8n,
          decimals: 8,
          updatedAt: end,
          roundId: 2n,
        },
      ],
      cursors: ['head'],
      complete: true,
    })
    await recordFixtureClocks(f.store, end + 1)
    f.clock.now = end + 1

    const res = await gql(f.url, reportQuery, { a: [ethOnly] })
    expect(res.errors).toBeUndefined()
    expect(res.data!.margin.statusReasons).toEqual([])
    expect(res.data!.margin.status).not.toBe('UNKNOWN')
    expect(res.data!.margin.parameterSet.model).toBe('DYNAMIC')
    // The book holding USDC is UNKNOWN with the stale factor named, under the same set.
    const hedge = await gql(f.url, reportQuery, { a: [wallets.hedge] })
    expect(hedge.data!.margin.status).toBe('UNKNOWN')
    expect(hedge.data!.margin.statusReasons).toContain('stale-history:USD@1')
    expect(hedge.data!.margin.parameterSet.id).toBe(res.data!.margin.parameterSet.id)
    // Per wallet in a batch, too.
    const batch = await gql(f.url, solvencyQuery, { a: [ethOnly, wallets.hedge] })
    expect(batch.errors).toBeUndefined()
    expect(batch.data!.solvency.map((s) => s.reasons.includes('stale-history:USD@1'))).toEqual([false, true])
    expect(batch.data!.solvency[0]!.verdict).not.toBe('UNKNOWN')
    // The set left USD out of the calibration (static there); the calibration itself still refuses.
    const calibration = await gql(f.url, calibrationQuery, {})
    expect(codes(calibration)).toEqual(['STALE_DATA'])
    expect(calibration.errors![0]!.message).toMatch(/newest round of USD \(chain 1\) is 259201 s old/)
    // A history step says the same, per book.
    const step = graphql(`query ($a: [Address!]!, $t: Int!) {
      marginHistory(addresses: $a, from: $t, to: $t, step: 1) { status statusReasons }
    }`)
    const priced = await gql(f.url, step, { a: [ethOnly], t: f.clock.now })
    expect(priced.data!.marginHistory[0]!.statusReasons).toEqual([])
    const unknown = await gql(f.url, step, { a: [wallets.hedge], t: f.clock.now })
    expect(unknown.data!.marginHistory[0]).toEqual({
      status: 'UNKNOWN',
      statusReasons: ['stale-history:USD@1'],
    })
  })

  it('a history whose newest round is older than maxHistoryAgeSeconds: calibration STALE_DATA, reports UNKNOWN stale-history', async () => {
    f = await startApiFixture({ margin: dynamic })
    await commitHistory(f.store, 2, calmPath())
    expect((await gql(f.url, marginQuery, { a: [wallets.hedge] })).errors).toBeUndefined()
    f.clock.now = T0 + 2 + 2 * DAY + 1
    const calibration = await gql(f.url, calibrationQuery, {})
    expect(codes(calibration)).toEqual(['STALE_DATA'])
    expect(calibration.errors![0]!.message).toMatch(/newest round of ETH \(chain 1\) is 172801 s old/)
    const res = await gql(f.url, reportQuery, { a: [wallets.hedge] })
    expect(res.errors).toBeUndefined()
    expect(res.data!.margin.status).toBe('UNKNOWN')
    expect(res.data!.margin.statusReasons).toContain('stale-history:ETH@1')
    expect(res.data!.margin.parameterSet.model).toBe('STATIC')
    // requireFresh refuses stale inputs, the history included.
    const strict = await gql(
      f.url,
      graphql(`query ($a: [Address!]!) { margin(addresses: $a, requireFresh: true) { status } }`),
      { a: [wallets.hedge] },
    )
    expect(codes(strict)).toEqual(['STALE_DATA'])
    expect(strict.errors![0]!.message).toContain('stale-history:ETH@1')
    // A history step at that time says the same.
    const history = await gql(
      f.url,
      graphql(`query ($a: [Address!]!, $t: Int!) {
        marginHistory(addresses: $a, from: $t, to: $t, step: 1) { status statusReasons }
      }`),
      { a: [wallets.hedge], t: f.clock.now },
    )
    expect(history.errors).toBeUndefined()
    expect(history.data!.marginHistory).toEqual([
      { status: 'UNKNOWN', statusReasons: ['stale-history:ETH@1', 'stale-history:USD@1'] },
    ])
  })
})
