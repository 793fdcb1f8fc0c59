import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readManifest } from '@xmargin/devnet'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DevProcess, runCli, startDev, stopProcess } from './support/run-cli.js'

const dir = mkdtempSync(join(tmpdir(), 'xmargin-cli-dev-history-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('xmargin dev --history-days 615 (a real process)', () => {
  const paths = { db: join(dir, 'dev.db'), manifest: join(dir, 'devnet.json') }
  let dev: DevProcess
  beforeAll(async () => {
    dev = await startDev([
      ...['--port', '0', '--rpc-ports', '0,0,0', '--db', paths.db, '--manifest', paths.manifest],
      ...['--history-days', '615'],
    ])
  })
  afterAll(() => stopProcess(dev))

  it('indexes the whole seeded history: a dynamic backtest of 250 days on the default 365-close window runs, 252 days do not', async () => {
    const wallet = readManifest(paths.manifest).wallets.find((w) => w.name === 'leveraged-long-btc')!.address
    const source = ['--db', paths.db, '--manifest', paths.manifest]
    const backtest = (days: number) =>
      runCli(['backtest', wallet, '--parameters', 'dynamic', '--days', String(days), '--json', ...source])
    // The indexer may still be walking back over the rounds (at most 200 per feed and block).
    let run = await backtest(250)
    for (const deadline = Date.now() + 60_000; run.code !== 0 && Date.now() < deadline; )
      run = await backtest(250)
    expect(run.code, run.stderr).toBe(0)
    // No config: the static model, whose dynamic backtest takes the default dynamic window.
    expect(JSON.parse(run.stdout)).toMatchObject({ parameters: 'DYNAMIC', window: 365, observations: 250 })
    // 615 seeded daily closes and today's round are 616 closes: 365 before each of at most 251 days.
    const tooLong = await backtest(252)
    expect(tooLong.code).toBe(4)
    expect(tooLong.stderr).toContain('INSUFFICIENT_HISTORY')
  })
})
