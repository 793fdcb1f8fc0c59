import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { positionId } from '@xmargin/core'
import { createStore, type FeedRoundWrite } from '@xmargin/store'
import { keccak256, toHex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from './support/run-cli.js'

/**
 * `xmargin calibrate`, `backtest` and `history` through a config with `margin: { model: 'dynamic' }`
 * over a database written the way the indexer writes it: 60 daily ETH closes (calm, then a 25% crash
 * on the last day) as feed rounds, and a wallet holding 10 WETH against a 100 USDC debt (a book
 * without liabilities requires no margin, so there would be nothing to backtest). Block times are the wall clock's, so
 * the data is fresh for the few seconds the commands take.
 */
const dir = mkdtempSync(join(tmpdir(), 'xmargin-cli-calibration-'))
const DAY = 86_400
const weth = '0x00000000000000000000000000000000000000e1'
const usdc = '0x00000000000000000000000000000000000000c1'
const feeds = {
  eth: '0x00000000000000000000000000000000000000f1',
  usdc: '0x00000000000000000000000000000000000000f2',
} as const
const wallet = '0x1111111111111111111111111111111111111111'
const config = join(dir, 'xmargin.config.ts')

beforeAll(async () => {
  writeFileSync(
    config,
    `import { defineConfig } from '@xmargin/config'

export default defineConfig({
  chains: {
    ethereum: {
      chainId: 1,
      rpcUrls: ['http://127.0.0.1:9'],
      maxLagSeconds: 3600,
      tokens: [
        { symbol: 'WETH', address: '${weth}', decimals: 18, feed: '${feeds.eth}' },
        { symbol: 'USDC', address: '${usdc}', decimals: 6, feed: '${feeds.usdc}' },
      ],
    },
  },
  margin: { model: 'dynamic', window: 20 },
  database: { path: 'xmargin.db' },
})
`,
  )
  const store = createStore({ path: join(dir, 'xmargin.db') })
  const now = Math.floor(Date.now() / 1000)
  const closes = [3000]
  for (let k = 1; k < 59; k++) closes.push(closes[k - 1]! * (k % 2 === 0 ? 1.01 : 0.99))
  closes.push(closes.at(-1)! * 0.75)
  const rounds = (feed: `0x${string}`, answer: (i: number) => bigint): FeedRoundWrite[] =>
    closes.map((_, i) => ({
      feed,
      roundId: BigInt(i + 1),
      answer: answer(i),
      decimals: 8,
      updatedAt: now - (closes.length - 1 - i) * DAY,
    }))
  const eth = rounds(feeds.eth, (i) => BigInt(Math.round(closes[i]! * 1e8)))
  const stable = rounds(feeds.usdc, () => 10n ** 8n)
  await store.upsertChains({
    chains: [{ chainId: 1, name: 'ethereum', finalityDepth: 10, useFinalizedTag: false }],
  })
  await store.trackWallets({ wallets: [{ address: wallet, source: 'config' }] })
  await store.commitBlock({
    chainId: 1,
    block: { number: 1, hash: keccak256(toHex('1')), parentHash: keccak256(toHex('0')), timestamp: now },
    positions: {
      upserts: [
        {
          // A liability (100 USDC borrowed), so that the book requires margin at all (issue 19).
          venue: 'aave-v3',
          wallet,
          kind: 'debt',
          key: usdc,
          amount: 100n * 10n ** 6n,
          engine: {
            id: positionId({ chainId: 1, venue: 'aave-v3', wallet, kind: 'debt', key: usdc }),
            chainId: 1,
            venue: 'aave-v3',
            wallet,
            blockNumber: 0n,
            kind: 'debt',
            asset: 'USDC',
            amount: 100n * 10n ** 6n,
            decimals: 6,
          },
        },
        {
          venue: 'wallet',
          wallet,
          kind: 'spot',
          key: weth,
          amount: 10n * 10n ** 18n,
          engine: {
            id: positionId({ chainId: 1, venue: 'wallet', wallet, kind: 'spot', key: weth }),
            chainId: 1,
            venue: 'wallet',
            wallet,
            blockNumber: 0n,
            kind: 'spot',
            asset: 'WETH',
            amount: 10n * 10n ** 18n,
            decimals: 18,
          },
        },
      ],
    },
    prices: [
      {
        feed: feeds.eth,
        asset: weth,
        value: eth.at(-1)!.answer,
        decimals: 8,
        updatedAt: now,
        roundId: eth.at(-1)!.roundId,
      },
      {
        feed: feeds.usdc,
        asset: usdc,
        value: 10n ** 8n,
        decimals: 8,
        updatedAt: now,
        roundId: stable.at(-1)!.roundId,
      },
    ],
    feedRounds: [...eth, ...stable],
    cursors: ['head'],
    complete: true,
  })
  store.close()
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('xmargin calibrate | backtest | history over a dynamic config', () => {
  it('calibrate names the calibration and prints the factors; --json is the API answer', async () => {
    const json = await runCli(['calibrate', '--config', config, '--json'])
    expect(json.code, json.stderr).toBe(0)
    const calibration = JSON.parse(json.stdout)
    expect(calibration.parameterSet).toMatchObject({ model: 'DYNAMIC', window: { observations: 20 } })
    expect(calibration.parameterSet.id).toMatch(/^[0-9a-f]{64}$/)
    const eth = calibration.factors.find((f: { factor: string }) => f.factor === 'ETH')
    expect(eth).toMatchObject({ calibrated: true, volatilitySource: 'realised' })
    // The crash on the last day: the ETH scan is far above the static 15%.
    expect(eth.scanRange).toBeGreaterThan(0.15)
    const table = await runCli(['calibrate', '--config', config])
    expect(table.code, table.stderr).toBe(0)
    expect(table.stdout).toContain(`Parameter set ${calibration.parameterSet.id} (dynamic)`)
    expect(table.stdout).toMatch(/│ ETH\s+│ realised\s+│/)
    expect(table.stdout).toMatch(/│ BTC\s+│ static\s+│/)
  })

  it('backtest: static parameters miss the crash day, and so do dynamic ones on their static floor, each day with its own set', async () => {
    const staticRun = await runCli([
      'backtest',
      wallet,
      '--config',
      config,
      '--days',
      '30',
      '--parameters',
      'static',
      '--json',
    ])
    expect(staticRun.code, staticRun.stderr).toBe(0)
    const s = JSON.parse(staticRun.stdout)
    expect(s).toMatchObject({ parameters: 'STATIC', observations: 30, exceptions: 1 })
    expect(s.days.at(-1).exception).toBe(true)
    const dynamicRun = await runCli(['backtest', wallet, '--config', config, '--days', '30', '--json'])
    const d = JSON.parse(dynamicRun.stdout)
    expect(dynamicRun.code, dynamicRun.stderr).toBe(0)
    // The dynamic IM, calibrated on calm 20-day windows, sits on its static floor: the same margin
    // every day (each day with its own parameter set), so the same one exception, the crash day.
    expect(d).toMatchObject({ parameters: 'DYNAMIC', observations: 30, exceptions: 1 })
    expect(d.days.map((day: { margin: string }) => day.margin)).toEqual(
      s.days.map((day: { margin: string }) => day.margin),
    )
    expect(new Set(d.days.map((day: { parameterSet: string }) => day.parameterSet)).size).toBe(30)
    expect(d.days.at(-1)).toMatchObject({ pnl: '-7478.28', margin: '4786.10', exception: true })
    const table = await runCli(['backtest', wallet, '--config', config, '--days', '30'])
    expect(table.code, table.stderr).toBe(0)
    expect(table.stdout).toContain('dynamic parameters')
    expect(table.stdout, table.stdout).toMatch(/Basel traffic light[^\n]*│[^\n]*(green|yellow|red) \(P = /)
    const tooLong = await runCli(['backtest', wallet, '--config', config, '--days', '59'])
    expect(tooLong.code).toBe(4)
    expect(tooLong.stderr).toContain('INSUFFICIENT_HISTORY')
  })

  it('the margin and stress tables name the parameter set: short id, model, window and blocks', async () => {
    const json = await runCli(['margin', wallet, '--config', config, '--json'])
    expect(json.code, json.stderr).toBe(0)
    const { parameterSet } = JSON.parse(json.stdout)
    expect(parameterSet).toMatchObject({ model: 'DYNAMIC', asOf: [{ chainId: 1, blockNumber: 1 }] })
    const day = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 16).replace('T', ' ')
    const line = `Parameter set ${parameterSet.id.slice(0, 12)}… (dynamic: 20 daily closes ${day(parameterSet.window.from)} → ${day(parameterSet.window.to)} UTC), as of ethereum 1`
    const margin = await runCli(['margin', wallet, '--config', config])
    expect(margin.code, margin.stderr).toBe(0)
    expect(margin.stdout.split('\n')[1]).toBe(line)
    const stress = await runCli(['stress', wallet, '--config', config, '--shock', 'ETH=-10%'])
    expect(stress.code, stress.stderr).toBe(0)
    expect(stress.stdout.split('\n')[1]).toBe(line)
  })

  it('history prints the stored block each step reads, and UNKNOWN before it', async () => {
    const run = await runCli([
      'history',
      wallet,
      '--config',
      config,
      '--from',
      '-10m',
      '--step',
      '10m',
      '--json',
    ])
    expect(run.code, run.stderr).toBe(0)
    const steps = JSON.parse(run.stdout)
    expect(steps).toHaveLength(2)
    expect(steps[0]).toMatchObject({ status: 'UNKNOWN', statusReasons: ['no-block-at-time:1'] })
    const last = steps.at(-1)
    expect(last.blocks).toEqual([{ chainId: 1, blockNumber: 1 }])
    expect(Number(last.equity)).toBeGreaterThan(20_000)
    const bad = await runCli(['history', wallet, '--config', config, '--step', '5x'])
    expect(bad.code).toBe(2)
  })
})
