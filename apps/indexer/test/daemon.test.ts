import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { adaptersFromChainSpecs, readSnapshot } from '@xmargin/adapters'
import { configChainSpecs, loadConfig } from '@xmargin/config'
import { useDevnetSnapshots } from '@xmargin/devnet/vitest'
import { createStore } from '@xmargin/store'
import { type Address, createPublicClient, createTestClient, http, type PublicClient } from 'viem'
import { afterAll, describe, expect, inject, it } from 'vitest'
import {
  type DaemonProcess,
  type LogLine,
  runDaemonUntilExit,
  startDaemon,
} from './support/daemon-process.js'
import { writeDevnetConfig } from './support/devnet-config.js'

const manifest = inject('devnetManifest')
useDevnetSnapshots(manifest)
const dir = mkdtempSync(join(tmpdir(), 'xmargin-indexer-app-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const cross = manifest.wallets.find((w) => w.name === 'cross-chain')!.address
const chainIds = manifest.chains.map((c) => c.chainId)
const clients = new Map(
  manifest.chains.map((c) => [
    c.chainId,
    createPublicClient({ transport: http(c.rpcUrl), cacheTime: 0 }) as PublicClient,
  ]),
)

/** Sends SIGTERM and resolves with the exit code. */
async function terminate(daemon: DaemonProcess): Promise<number | null> {
  daemon.child.kill('SIGTERM')
  return daemon.exited
}

/** The lines with this message, by chain id. */
const byChain = (lines: readonly LogLine[], msg: string) =>
  new Map(lines.filter((l) => l.msg === msg).map((l) => [l.chain_id as number, l]))

/**
 * The positions the daemon stored for `wallet` against a direct pinned read of the chains at each
 * chain's indexed block (adapters bound from the same config); returns the indexed blocks.
 */
async function expectStoredEqualsDirectRead(configFile: string, dbPath: string, wallet: Address) {
  const config = await loadConfig({ file: configFile, cwd: dir })
  const adapters = await adaptersFromChainSpecs({
    chains: configChainSpecs(config),
    clientOf: (chainId) => clients.get(chainId)!,
  })
  const store = createStore({ path: dbPath })
  const tips = new Map<number, number>()
  try {
    const key = (p: { venue: string; wallet: string; kind: string; key: string; amount: bigint }) =>
      `${p.venue}|${p.wallet.toLowerCase()}|${p.kind}|${p.key}|${p.amount}`
    for (const chain of adapters) {
      const tip = await store.getTip({ chainId: chain.chainId })
      expect(tip, `chain ${chain.chainId} indexed`).not.toBeNull()
      tips.set(chain.chainId, tip!.number)
      const direct = await readSnapshot({
        client: clients.get(chain.chainId)!,
        blockNumber: BigInt(tip!.number),
        chain,
        wallets: [wallet],
      })
      const stored = await store.getPositions({ wallets: [wallet], chainIds: [chain.chainId] })
      expect(stored.map(key).sort(), `chain ${chain.chainId}`).toEqual(
        [...direct.positions.values()].flat().map(key).sort(),
      )
    }
    // The seeded cross-chain wallet: Aave on ethereum and arbitrum, a Morpho loan on base.
    const venues = new Set(
      (await store.getPositions({ wallets: [wallet] })).map((p) => `${p.chainId}:${p.venue}:${p.kind}`),
    )
    expect([...venues]).toEqual(
      expect.arrayContaining(['1:aave-v3:supply', '42161:aave-v3:debt', '8453:morpho-blue:debt']),
    )
  } finally {
    store.close()
  }
  return tips
}

describe('xmargin-indexer (a real daemon process over the devnet and a SQLite file)', () => {
  it('indexes a seeded wallet as a direct read gives it, exits 0 on SIGTERM, and a restart resumes from the stored tip', async () => {
    writeDevnetConfig({ manifest, dir, file: 'xmargin.config.ts', wallets: [cross], database: 'daemon.db' })
    const dbPath = join(dir, 'daemon.db')
    const args = ['--config', 'xmargin.config.ts', '--status-interval', '1']

    const first = startDaemon(args, { cwd: dir })
    await first.waitForLine((l) => l.msg === 'running', 180_000)
    // One status line per chain, with the stable keys, once the daemon runs.
    for (const chainId of chainIds)
      await first.waitForLine((l) => l.msg === 'chain status' && l.chain_id === chainId, 60_000)
    expect(await terminate(first)).toBe(0)
    const lines = first.lines()
    expect(lines.every((l) => l.service === 'xmargin-indexer')).toBe(true)
    expect(lines.find((l) => l.msg === 'stopped')?.signal).toBe('SIGTERM')
    // A fresh database: every chain starts from its start block, backfills, then syncs to the head.
    const starting = byChain(lines, 'indexer starting')
    const backfill = lines.filter((l) => l.msg === 'backfill progress')
    const synced = byChain(lines, 'first sync done')
    for (const chainId of chainIds) {
      expect(starting.get(chainId)?.resume_from_block, `chain ${chainId}`).toBeNull()
      expect(
        backfill.some((l) => l.chain_id === chainId && l.percent === 100),
        `chain ${chainId}`,
      ).toBe(true)
      expect(synced.get(chainId)?.heads).toBe('polling')
    }
    const status = lines.find((l) => l.msg === 'chain status')!
    expect(Object.keys(status)).toEqual(
      expect.arrayContaining([
        'chain_id',
        'phase',
        'head_block',
        'indexed_block',
        'lag_blocks',
        'age_seconds',
        'stale',
      ]),
    )

    const tips = await expectStoredEqualsDirectRead('xmargin.config.ts', dbPath, cross)
    for (const chainId of chainIds)
      expect(tips.get(chainId)).toBeGreaterThanOrEqual(synced.get(chainId)?.block_number as number)

    // New blocks while it is down; the restart continues after the stored tip, without a backfill.
    const heads = new Map<number, bigint>()
    for (const chain of manifest.chains) {
      const test = createTestClient({ mode: 'anvil', transport: http(chain.rpcUrl) })
      await test.mine({ blocks: 3 })
      heads.set(chain.chainId, await clients.get(chain.chainId)!.getBlockNumber())
    }
    const second = startDaemon(args, { cwd: dir })
    await second.waitForLine((l) => l.msg === 'running', 180_000)
    expect(await terminate(second)).toBe(0)
    const again = second.lines()
    const resumed = byChain(again, 'indexer starting')
    const resynced = byChain(again, 'first sync done')
    for (const chainId of chainIds) {
      expect(resumed.get(chainId)?.resume_from_block, `chain ${chainId}`).toBe(tips.get(chainId))
      expect(resynced.get(chainId)?.block_number).toBeGreaterThanOrEqual(Number(heads.get(chainId)))
    }
    expect(again.filter((l) => l.msg === 'backfill progress')).toEqual([])
    const after = await expectStoredEqualsDirectRead('xmargin.config.ts', dbPath, cross)
    for (const chainId of chainIds)
      expect(after.get(chainId)).toBeGreaterThanOrEqual(Number(heads.get(chainId)))
  })

  it('--dry-run prints the plan and connects to nothing (no database file)', async () => {
    writeDevnetConfig({ manifest, dir, file: 'dry.config.ts', wallets: [cross], database: 'dry.db' })
    const result = await runDaemonUntilExit(['--config', 'dry.config.ts', '--dry-run'], { cwd: dir })
    expect(result.code).toBe(0)
    const plan = result.stdout.split('\n')
    expect(plan.slice(0, 4)).toEqual([
      'dry.config.ts: valid',
      '  mode      indexer daemon',
      `  database  ${join(dir, 'dry.db')}`,
      '  status    logged every 30 s',
    ])
    for (const chain of manifest.chains)
      expect(result.stdout).toMatch(
        new RegExp(
          `^    ${chain.name} \\(${chain.chainId}\\): 1 RPC URL\\(s\\), finality 10 blocks, .*heads by polling$`,
          'm',
        ),
      )
    expect(result.stdout).toContain('  wallets   1 tracked, 0 account(s)')
    expect(existsSync(join(dir, 'dry.db'))).toBe(false)
  })
})

describe('xmargin-indexer errors', () => {
  it('a bad config exits 3 with one fatal JSON line naming the file and the key', async () => {
    writeFileSync(
      join(dir, 'bad.config.ts'),
      `import { defineConfig } from '@xmargin/cli'\n\nexport default defineConfig({ chains: { ethereum: { chainId: 1, rpcUrls: [] as unknown as [string], tokens: [] } } })\n`,
    )
    const bad = await runDaemonUntilExit(['--config', 'bad.config.ts'], { cwd: dir })
    expect(bad.code).toBe(3)
    const fatal = bad.lines.find((l) => l.level === 60)
    expect(fatal?.msg).toBe('bad.config.ts: chains.ethereum.rpcUrls: needs at least one RPC URL')
    expect(fatal?.exit_code).toBe(3)
    expect((fatal?.err as { type?: string } | undefined)?.type).toBe('ConfigError')

    const missing = await runDaemonUntilExit(['--config', 'nowhere.config.ts'], { cwd: dir })
    expect(missing.code).toBe(3)
    expect(missing.lines.find((l) => l.level === 60)?.msg).toBe('Config file not found: nowhere.config.ts')
  })

  it('usage errors exit 2 and --help exits 0', async () => {
    const noConfig = startDaemon([], { cwd: dir })
    expect(await noConfig.exited).toBe(2)
    const unknown = startDaemon(['--config', 'x.ts', '--status-interval', '0'], { cwd: dir })
    expect(await unknown.exited).toBe(2)
    const help = await runDaemonUntilExit(['--help'], { cwd: dir })
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('Usage: xmargin-indexer')
  })
})

describe('xmargin-indexer --standby', () => {
  it('a second daemon on the same database waits as a standby and takes over when the first stops', async () => {
    writeDevnetConfig({ manifest, dir, file: 'standby.config.ts', wallets: [cross], database: 'standby.db' })
    const args = ['--config', 'standby.config.ts', '--standby']
    const first = startDaemon(args, { cwd: dir })
    await first.waitForLine((l) => l.msg === 'running', 180_000)
    const second = startDaemon(args, { cwd: dir })
    const waiting = await second.waitForLine(
      (l) => l.msg === 'standby: another indexer writes this chain; waiting to take over',
      180_000,
    )
    expect(waiting.holder_pid).toBe(first.child.pid)
    expect(second.lines().some((l) => l.msg === 'running')).toBe(false)
    expect(await terminate(first)).toBe(0)
    await second.waitForLine((l) => l.msg === 'standby over: this indexer writes its chains now', 60_000)
    await second.waitForLine((l) => l.msg === 'running', 180_000)
    expect(await terminate(second)).toBe(0)
  })

  it('a standby stopped while it waits exits 0 and never runs', async () => {
    writeDevnetConfig({
      manifest,
      dir,
      file: 'standby2.config.ts',
      wallets: [cross],
      database: 'standby2.db',
    })
    const args = ['--config', 'standby2.config.ts', '--standby']
    const first = startDaemon(args, { cwd: dir })
    await first.waitForLine((l) => l.msg === 'running', 180_000)
    const second = startDaemon(args, { cwd: dir })
    await second.waitForLine(
      (l) => l.msg === 'standby: another indexer writes this chain; waiting to take over',
      180_000,
    )
    expect(await terminate(second)).toBe(0)
    expect(second.lines().some((l) => l.msg === 'running')).toBe(false)
    expect(await terminate(first)).toBe(0)
  })
})
