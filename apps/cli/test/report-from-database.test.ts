import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type MarginReportJson, marginQueryDocument } from '@xmargin/api'
import { type DevnetManifest, readManifest } from '@xmargin/devnet'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { devSettingsPath } from '../src/runtime/dev-price-age.js'
import { openReportSource } from '../src/runtime/open-report-source.js'
import { queryApi } from '../src/runtime/query-api.js'
import { type DevProcess, runCli, startDev } from './support/run-cli.js'

/**
 * The read path needs only the database: `xmargin dev` indexes the devnet, then its chains stop
 * (the process exits and takes its anvils with it), and the report is still served, the same
 * figures, from the stored engine positions; only freshness tells the data is getting old.
 */
const dir = mkdtempSync(join(tmpdir(), 'xmargin-cli-db-only-'))
const paths = { db: join(dir, 'dev.db'), manifest: join(dir, 'devnet.json'), kept: join(dir, 'kept.json') }
let dev: DevProcess
let manifest: DevnetManifest

beforeAll(async () => {
  // One block per transaction and no feed heartbeat: nothing changes the chains after the first sync.
  dev = await startDev([
    ...['--port', '0', '--rpc-ports', '0,0,0'],
    ...['--block-time', '0', '--heartbeat', '0', '--db', paths.db, '--manifest', paths.manifest],
  ])
  manifest = readManifest(paths.manifest)
  // `xmargin dev` removes its manifest when it stops: keep a copy, whose RPC URLs will be dead.
  copyFileSync(paths.manifest, paths.kept)
  if (existsSync(devSettingsPath(paths.manifest)))
    copyFileSync(devSettingsPath(paths.manifest), devSettingsPath(paths.kept))
})
afterAll(() => {
  if (dev && dev.child.exitCode === null) dev.child.kill('SIGKILL')
  rmSync(dir, { recursive: true, force: true })
})

/** Every demo wallet's report, through the API `xmargin margin` builds in-process, at a fixed clock. */
async function reports(manifestPath: string, now: number): Promise<Map<string, MarginReportJson>> {
  const source = await openReportSource({ db: paths.db, manifest: manifestPath, now: () => now })
  try {
    const out = new Map<string, MarginReportJson>()
    for (const wallet of manifest.wallets) {
      const { margin } = await queryApi({
        api: source.api,
        document: marginQueryDocument,
        variables: { addresses: [wallet.address] },
      })
      out.set(wallet.name, margin)
    }
    return out
  } finally {
    await source.close()
  }
}

async function rpcAnswers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_blockNumber', params: [] }),
      signal: AbortSignal.timeout(2_000),
    })
    return response.ok
  } catch {
    return false
  }
}

describe('a report from the database alone', () => {
  it('with every chain stopped, margin serves the same figures as with the chains up, and the freshness rule flags them once they are old', async () => {
    const now = Math.floor(Date.now() / 1000)
    const live = await reports(paths.manifest, now)
    // The seeded books priced: not a comparison of empty reports.
    expect(
      [...live.values()].filter((r) => r.status !== 'UNKNOWN' && r.positions.length > 0).length,
    ).toBeGreaterThan(3)

    dev.child.kill('SIGINT')
    await new Promise((resolve) => dev.child.once('exit', resolve))
    for (const chain of manifest.chains) expect(await rpcAnswers(chain.rpcUrl), chain.rpcUrl).toBe(false)

    const stored = await reports(paths.kept, now)
    expect(stored).toEqual(live)

    // The CLI process too: exit 0 and the same report, with no RPC to reach.
    const crossChain = manifest.wallets.find((w) => w.name === 'cross-chain')!
    const result = await runCli([
      'margin',
      crossChain.address,
      '--json',
      '--db',
      paths.db,
      '--manifest',
      paths.kept,
    ])
    expect(result.code, result.stderr).toBe(0)
    const printed = JSON.parse(result.stdout) as MarginReportJson
    expect(printed.equity).toBe(live.get('cross-chain')!.equity)
    expect(printed.positions.map((p) => p.id)).toEqual(live.get('cross-chain')!.positions.map((p) => p.id))

    // Two hours later (the devnet's chains are stale after an hour without a block): UNKNOWN, every chain stale.
    const later = await reports(paths.kept, now + 7200)
    for (const [name, report] of later) {
      if (report.positions.length === 0) continue
      expect(report.status, name).toBe('UNKNOWN')
      expect(
        report.freshness.every((f) => f.stale),
        name,
      ).toBe(true)
      expect(
        report.statusReasons.some((r) => r.startsWith('stale-chain:')),
        name,
      ).toBe(true)
    }
  })
})
