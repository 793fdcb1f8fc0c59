import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createStore } from '@xmargin/store'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { runDaemonUntilExit, startDaemon } from './support/daemon-process.js'
import { writeDevnetConfig } from './support/devnet-config.js'

const manifest = inject('devnetManifest')
const dir = mkdtempSync(join(tmpdir(), 'xmargin-indexer-chains-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const cross = manifest.wallets.find((w) => w.name === 'cross-chain')!.address
const configured = manifest.chains.map((c) => `${c.chainId} ${c.name}`).join(', ')

describe('xmargin-indexer --chains (issue 17)', () => {
  it('--dry-run names the chains it would index, and only those', async () => {
    writeDevnetConfig({ manifest, dir, file: 'dry.config.ts', wallets: [cross], database: 'dry.db' })
    const dry = await runDaemonUntilExit(['--config', 'dry.config.ts', '--dry-run', '--chains', '42161,1'], {
      cwd: dir,
    })
    expect(dry.code).toBe(0)
    expect(dry.stdout).toContain('  indexes   1, 42161\n')
    expect(dry.stdout).toContain('ethereum (1)')
    expect(dry.stdout).toContain('arbitrum (42161)')
    expect(dry.stdout).not.toContain('base (8453)')
  })

  it('an id the config lacks, or a part that is no id, exits 2 with a fatal line naming the configured chains', async () => {
    writeDevnetConfig({ manifest, dir, file: 'bad.config.ts', wallets: [cross], database: 'bad.db' })
    const unknown = await runDaemonUntilExit(['--config', 'bad.config.ts', '--chains', '1,10'], { cwd: dir })
    expect(unknown.code).toBe(2)
    const fatal = unknown.lines.find((l) => l.level === 60)
    expect(fatal?.msg).toBe(`--chains 10: not a chain of the config (configured: ${configured}).`)
    expect((fatal?.err as { type?: string } | undefined)?.type).toBe('ChainSelectionError')
    const notId = await runDaemonUntilExit(['--config', 'bad.config.ts', '--chains', '1,x'], { cwd: dir })
    expect(notId.code).toBe(2)
    expect(notId.lines.find((l) => l.level === 60)?.msg).toContain('"x" is not a chain id')
  })

  it('two daemons with disjoint --chains write one database side by side, each only its own chains', async () => {
    writeDevnetConfig({ manifest, dir, file: 'split.config.ts', wallets: [cross], database: 'split.db' })
    const base = startDaemon(['--config', 'split.config.ts', '--chains', '8453'], { cwd: dir })
    const others = startDaemon(['--config', 'split.config.ts', '--chains', '1,42161'], { cwd: dir })
    for (const daemon of [base, others]) await daemon.waitForLine((l) => l.msg === 'running', 180_000)
    const chainsOf = (daemon: typeof base, msg: string) =>
      daemon
        .lines()
        .filter((l) => l.msg === msg)
        .map((l) => l.chain_id)
        .sort()
    expect(base.lines().find((l) => l.msg === 'starting')?.chain_ids).toEqual([8453])
    expect(chainsOf(base, 'first sync done')).toEqual([8453])
    expect(chainsOf(others, 'first sync done')).toEqual([1, 42161])
    for (const daemon of [base, others]) {
      daemon.child.kill('SIGTERM')
      expect(await daemon.exited).toBe(0)
    }
    // Every chain of the config is indexed in the one database.
    const store = createStore({ path: join(dir, 'split.db') })
    try {
      for (const chain of manifest.chains)
        expect(await store.getTip({ chainId: chain.chainId }), `chain ${chain.chainId}`).not.toBeNull()
    } finally {
      store.close()
    }
  })
})
