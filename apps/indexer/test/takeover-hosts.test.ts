import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createStore, WriterLockedError, WriterLockLostError } from '@xmargin/store'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { startDaemon } from './support/daemon-process.js'
import { writeDevnetConfig } from './support/devnet-config.js'

const manifest = inject('devnetManifest')
const dir = mkdtempSync(join(tmpdir(), 'xmargin-indexer-takeover-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const cross = manifest.wallets.find((w) => w.name === 'cross-chain')!.address
const chainIds = manifest.chains.map((c) => c.chainId)
/**
 * `store.writerLockTimeoutSeconds` of the daemon's config, and the remote holder's lease timeout.
 * A lease assumes its holder heartbeats within the timeout: the daemon renews every third of it and
 * this process every eighth, so a holder may stall for up to two thirds of it (6.7 s) and stay live.
 * The suite runs beside other packages on a busy machine, where a few seconds' stall happens.
 */
const TIMEOUT_MS = 10_000

/** A pid that existed on this host and is gone: a child that already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
  await new Promise((resolve) => child.once('exit', resolve))
  return child.pid!
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('xmargin-indexer --standby with the writer on another host (issue 17)', () => {
  it('waits while the remote writer heartbeats, takes over once it is silent past its timeout; then loses its chains to another host after the configured timeout when it hangs, and exits 1', async () => {
    writeDevnetConfig({
      manifest,
      dir,
      file: 'xmargin.config.ts',
      wallets: [cross],
      database: 'takeover.db',
      writerLockTimeoutSeconds: TIMEOUT_MS / 1000,
    })
    // This test process plays an indexer on another machine, writing the same database.
    const remote = createStore({ path: join(dir, 'takeover.db') })
    const daemons: ReturnType<typeof startDaemon>[] = []
    try {
      await remote.upsertChains({
        chains: manifest.chains.map((c) => ({
          chainId: c.chainId,
          name: c.name,
          finalityDepth: 10,
          useFinalizedTag: false,
        })),
      })
      // Its pid does not exist here: on another host that says nothing, only the heartbeat's age does.
      const holder = { owner: 'remote', pid: await deadPid(), host: 'another-host', chainIds }
      await remote.acquireWriterLock({ ...holder, timeoutMs: TIMEOUT_MS })
      // The remote writer heartbeats (as its lease would, every third of the timeout or more often).
      let lastRenew = Date.now()
      let renewing = Promise.resolve()
      const heartbeat = setInterval(() => {
        renewing = renewing.then(async () => {
          const at = Date.now()
          await remote.renewWriterLock({ owner: 'remote', chainIds })
          lastRenew = at
        })
      }, TIMEOUT_MS / 8)
      let stopped = false
      const stopHeartbeat = async () => {
        if (stopped) return
        stopped = true
        clearInterval(heartbeat)
        await renewing
      }
      try {
        const standby = startDaemon(['--config', 'xmargin.config.ts', '--standby'], { cwd: dir })
        daemons.push(standby)
        const waiting = await standby.waitForLine(
          (l) => l.msg === 'standby: another indexer writes this chain; waiting to take over',
          60_000,
        )
        expect(waiting).toMatchObject({ holder_host: 'another-host', holder_pid: holder.pid })
        // It heartbeats for longer than its timeout: the standby keeps waiting.
        await sleep(TIMEOUT_MS * 1.5)
      } finally {
        await stopHeartbeat()
      }
      const standby = daemons[0]!
      expect(standby.lines().some((l) => l.msg === 'standby over: this indexer writes its chains now')).toBe(
        false,
      )
      // It goes silent (the machine died, or the network split): past its timeout, the standby writes.
      const over = await standby.waitForLine(
        (l) => l.msg === 'standby over: this indexer writes its chains now',
        60_000,
      )
      expect(over.time as number).toBeGreaterThan(lastRenew + TIMEOUT_MS)
      // The lease logs each chain it took over after `standby over`; `running` comes after both.
      await standby.waitForLine((l) => l.msg === 'running', 180_000)
      const tookOver = standby
        .lines()
        .filter((l) => l.msg === 'took over the writer lock of a stopped indexer')
      expect(tookOver.map((l) => l.chain_id).sort()).toEqual([...chainIds].sort())
      for (const line of tookOver) expect(line).toMatchObject({ previous_host: 'another-host' })
      // The remote writer, back, finds it has lost its chains.
      await expect(remote.renewWriterLock({ owner: 'remote', chainIds })).rejects.toBeInstanceOf(
        WriterLockLostError,
      )

      // Now the daemon holds them; to the remote host it is live, so a remote indexer is refused...
      const other = { owner: 'remote-2', pid: holder.pid, host: 'another-host', chainIds }
      const refused = await remote.acquireWriterLock({ ...other, timeoutMs: TIMEOUT_MS }).catch((e) => e)
      expect(refused).toBeInstanceOf(WriterLockedError)
      expect(refused.holder).toMatchObject({ pid: standby.child.pid, host: hostname() })
      // ...until the daemon hangs (SIGSTOP: no heartbeat, its pid still alive) for its configured timeout.
      standby.child.kill('SIGSTOP')
      const stoppedAt = Date.now()
      let taken: Awaited<ReturnType<typeof remote.acquireWriterLock>> | undefined
      let refusals = 0
      while (!taken && Date.now() - stoppedAt < 20_000) {
        taken = await remote.acquireWriterLock({ ...other, timeoutMs: TIMEOUT_MS }).catch((error) => {
          if (!(error instanceof WriterLockedError)) throw error
          refusals++
          return undefined
        })
        if (!taken) await sleep(100)
      }
      const takenAt = Date.now()
      expect(taken?.takenOver.map((t) => t.previous)).toEqual(
        chainIds.map(() => ({ owner: expect.any(String), pid: standby.child.pid, host: hostname() })),
      )
      // Not at once (its pid is alive; its last heartbeat was about a third of the timeout before it
      // hung), and after the config's 10 s, not the default 30 s.
      expect(refusals).toBeGreaterThan(0)
      expect(takenAt - stoppedAt).toBeLessThan(TIMEOUT_MS + 5_000)
      // Resumed, the daemon learns that its chains are gone (at its next heartbeat, or from the fence of
      // its next write, whichever comes first) and stops writing.
      standby.child.kill('SIGCONT')
      await standby.waitForLine(
        (l) =>
          l.msg === 'writer lock taken over by another indexer; stopping' ||
          l.msg === 'writer lock lost; stopping',
        30_000,
      )
      // Then the daemon exits 1 (a supervisor restarts it) instead of idling on as if it indexed.
      expect(await standby.exited).toBe(1)
      // Naming a chain it lost and who writes it now (the same lines as every indexing xmargin command).
      const lost = standby.lines().find((l) => l.msg === 'writer lease lost to another indexer; exiting')
      expect(lost).toMatchObject({ holder_pid: holder.pid, holder_host: 'another-host' })
      expect(chainIds).toContain(lost?.chain_id)
      const fatal = standby.lines().find((l) => l.level === 60)
      expect(fatal?.msg).toBe(
        `The indexer stopped: another indexer took over chain ${String(lost?.chain_id)} (now written by pid ${holder.pid} on another-host).`,
      )
      expect((fatal?.err as { type?: string } | undefined)?.type).toBe('IndexerStoppedError')
    } finally {
      for (const daemon of daemons) {
        daemon.child.kill('SIGCONT')
        daemon.child.kill('SIGTERM')
        await daemon.exited
      }
      remote.close()
    }
  })
})
