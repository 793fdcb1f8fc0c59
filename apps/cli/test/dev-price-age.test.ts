import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { MarginReportJson } from '@xmargin/api'
import { freezeFeed, getFreePort, readManifest } from '@xmargin/devnet'
import { afterAll, describe, expect, it } from 'vitest'
import { devSettingsPath } from '../src/runtime/dev-price-age.js'
import { gql } from './support/graphql.js'
import { type DevProcess, runCli, startDev } from './support/run-cli.js'

const dir = mkdtempSync(join(tmpdir(), 'xmargin-cli-price-age-'))
let dev: DevProcess | undefined
afterAll(() => {
  if (dev && dev.child.exitCode === null) dev.child.kill('SIGKILL')
  rmSync(dir, { recursive: true, force: true })
})

type Report = Pick<MarginReportJson, 'status' | 'statusReasons' | 'prices'>
const query = `query ($a: [Address!]!) { margin(addresses: $a) { status statusReasons prices { asset chainId stale } } }`

describe('xmargin dev --max-price-age', () => {
  it('refuses a --heartbeat that is not below the limit (exit 2), before starting anything', async () => {
    const result = await runCli(['dev', '--max-price-age', '20', '--heartbeat', '20', '--rpc-ports', '1,2,3'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--heartbeat 20 must be below --max-price-age 20')
  })

  it('pnpm stale WETH --chain 1 shows as UNKNOWN, stale-price:WETH@1, within the limit, in the API and in xmargin margin; other feeds stay fresh', async () => {
    const [api, a, b, c] = [
      await getFreePort(),
      await getFreePort(),
      await getFreePort(),
      await getFreePort(),
    ]
    const paths = { db: join(dir, 'dev.db'), manifest: join(dir, 'devnet.json') }
    dev = await startDev([
      '--port',
      String(api),
      '--rpc-ports',
      `${a},${b},${c}`,
      '--db',
      paths.db,
      '--manifest',
      paths.manifest,
      '--max-price-age',
      '20',
    ])
    expect(existsSync(devSettingsPath(paths.manifest))).toBe(true)
    const manifest = readManifest(paths.manifest)
    const address = (name: string) => manifest.wallets.find((w) => w.name === name)!.address
    const margin = async (name: string) =>
      (await gql<{ margin: Report }>(dev!.url, query, { a: [address(name)] })).margin
    expect((await margin('cross-chain')).status).not.toBe('UNKNOWN')

    // What `pnpm stale WETH --chain 1` runs.
    await freezeFeed(manifest, { symbol: 'WETH', chainId: 1, frozen: true })
    const frozenAt = Date.now()
    let report = await margin('cross-chain')
    while (report.status !== 'UNKNOWN' && Date.now() - frozenAt < 60_000) {
      await new Promise((r) => setTimeout(r, 500))
      report = await margin('cross-chain')
    }
    expect(report.status).toBe('UNKNOWN')
    expect(report.statusReasons.join(' ')).toMatch(/stale-price:(WETH|ETH)@1/)
    // Only that feed: the heartbeat (half the limit) keeps the live ones fresh.
    const stale = report.prices.filter((p) => p.stale).map((p) => `${p.asset}@${p.chainId}`)
    expect(stale.length).toBeGreaterThan(0)
    expect(
      stale.every((p) => /^(WETH|ETH)@1$/.test(p)),
      stale.join(' '),
    ).toBe(true)
    expect(report.prices.filter((p) => !p.stale).length).toBeGreaterThan(4)

    // `xmargin margin` over the running dev judges staleness with the same limit.
    const cli = await runCli([
      'margin',
      address('cross-chain'),
      '--json',
      '--db',
      paths.db,
      '--manifest',
      paths.manifest,
    ])
    expect(cli.code, cli.stderr).toBe(0)
    const local = JSON.parse(cli.stdout) as Report
    expect(local.status).toBe('UNKNOWN')
    expect(local.statusReasons.join(' ')).toMatch(/stale-price:(WETH|ETH)@1/)

    const exited = new Promise((resolve) => dev!.child.once('exit', resolve))
    dev.child.kill('SIGTERM')
    await exited
    expect(existsSync(devSettingsPath(paths.manifest))).toBe(false)
  })
})
