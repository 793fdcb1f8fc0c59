import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { graphql, type MarginReportJson } from '@xmargin/api'
import { type DevnetManifest, freezeFeed, readManifest } from '@xmargin/devnet'
import { createPublicClient, http } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { devSettingsPath } from '../src/runtime/dev-price-age.js'
import { gql } from './support/graphql.js'
import { type DevProcess, runCli, startDev } from './support/run-cli.js'

/**
 * One `xmargin dev --max-price-age 20` (a real process) for what needs a running devnet: the
 * price-age flag end to end, and the exit codes the README promises for what the user typed.
 */
const dir = mkdtempSync(join(tmpdir(), 'xmargin-cli-stale-'))
const paths = { db: join(dir, 'dev.db'), manifest: join(dir, 'devnet.json') }
const source = ['--db', paths.db, '--manifest', paths.manifest]
let dev: DevProcess
let manifest: DevnetManifest
const address = (name: string) => manifest.wallets.find((w) => w.name === name)!.address

beforeAll(async () => {
  dev = await startDev(['--port', '0', '--rpc-ports', '0,0,0', ...source, '--max-price-age', '20'])
  manifest = readManifest(paths.manifest)
})
afterAll(() => {
  if (dev && dev.child.exitCode === null) dev.child.kill('SIGKILL')
  rmSync(dir, { recursive: true, force: true })
})

const query = graphql(
  `query ($a: [Address!]!) {
    margin(addresses: $a) {
      status statusReasons
      prices { asset chainId stale ageSeconds }
      freshness { chainId blockNumber ageSeconds }
    }
  }`,
)
const margin = async (name: string) => (await gql(dev.url, query, { a: [address(name)] })).margin

describe('exit codes (README: 2 bad usage, 4 data not available)', () => {
  it('an invalid address exits 2 with INVALID_ADDRESS', async () => {
    const result = await runCli(['margin', '0x12345', ...source])
    expect(result.code, result.stderr).toBe(2)
    expect(result.stderr).toContain('INVALID_ADDRESS')
  })

  it('an unknown shock factor exits 2 naming the valid factors', async () => {
    const result = await runCli(['stress', address('cross-chain'), '--shock', 'DOGE=-10%', ...source])
    expect(result.code, result.stderr).toBe(2)
    expect(result.stderr).toContain('UNKNOWN_FACTOR')
    expect(result.stderr).toMatch(/ETH/)
    expect(result.stderr).toMatch(/BTC/)
  })

  it('an unknown scenario exits 2 naming the valid scenarios', async () => {
    const result = await runCli(['stress', address('cross-chain'), '--scenario', 'moon', ...source])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('crypto-crash, crypto-rally, vol-spike, stablecoin-depeg')
  })

  it('a --heartbeat that is not below --max-price-age exits 2, before starting anything', async () => {
    const result = await runCli(['dev', '--max-price-age', '20', '--heartbeat', '20', '--rpc-ports', '1,2,3'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--heartbeat 20 must be below --max-price-age 20')
  })
})

describe('xmargin dev --max-price-age', () => {
  it('pnpm stale WETH --chain 1 shows as UNKNOWN, stale-price:WETH@1, within the limit, in the API and in xmargin margin; other feeds stay fresh; --require-fresh exits 4 with STALE_DATA', async () => {
    expect(existsSync(devSettingsPath(paths.manifest))).toBe(true)
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
    // Only that feed: the heartbeat (a third of the limit) keeps the live ones fresh.
    const stale = report.prices.filter((p) => p.stale).map((p) => `${p.asset}@${p.chainId}`)
    expect(stale.length).toBeGreaterThan(0)
    // Any other stale price is named with its age, beside the blocks served, each node's own head
    // (ahead of what was served: the indexer fell behind; as old: the heartbeat did not post) and
    // what dev warned of about its heartbeat.
    const others = report.prices
      .filter((p) => p.stale && !/^(WETH|ETH)@1$/.test(`${p.asset}@${p.chainId}`))
      .map((p) => `${p.asset}@${p.chainId} age ${p.ageSeconds} s`)
    const served = report.freshness.map(
      (f) => `chain ${f.chainId} served block ${f.blockNumber} age ${f.ageSeconds} s`,
    )
    const now = Math.floor(Date.now() / 1000)
    const heads = await Promise.all(
      manifest.chains.map(async (chain) => {
        const head = await createPublicClient({ transport: http(chain.rpcUrl) }).getBlock({
          blockTag: 'latest',
        })
        return `chain ${chain.chainId} node at block ${head.number} age ${now - Number(head.timestamp)} s`
      }),
    )
    const warned = dev
      .output()
      .stderr.split('\n')
      .filter((line) => line.includes('heartbeat'))
      .slice(-10)
    expect(others, [...served, ...heads, ...warned].join('; ')).toEqual([])
    expect(report.prices.filter((p) => !p.stale).length).toBeGreaterThan(4)

    // `xmargin margin` over the running dev judges staleness with the same limit.
    const cli = await runCli(['margin', address('cross-chain'), '--json', ...source])
    expect(cli.code, cli.stderr).toBe(0)
    const local = JSON.parse(cli.stdout) as MarginReportJson
    expect(local.status).toBe('UNKNOWN')
    expect(local.statusReasons.join(' ')).toMatch(/stale-price:(WETH|ETH)@1/)
    const fresh = await runCli(['margin', address('cross-chain'), '--require-fresh', ...source])
    expect(fresh.code, fresh.stderr).toBe(4)
    expect(fresh.stderr).toContain('STALE_DATA')

    const exited = new Promise((resolve) => dev.child.once('exit', resolve))
    dev.child.kill('SIGTERM')
    await exited
    expect(existsSync(devSettingsPath(paths.manifest))).toBe(false)
  })
})
