import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, inject, it } from 'vitest'
import { startDaemon } from './support/daemon-process.js'
import { writeDevnetConfig } from './support/devnet-config.js'

const manifest = inject('devnetManifest')
const dir = mkdtempSync(join(tmpdir(), 'xmargin-indexer-secrets-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/**
 * A port where no RPC ever answers: held by this file for the run and hanging up on every
 * connection (a port bound and released could be taken by another test's node meanwhile).
 */
const deadServer = createServer((socket) => socket.destroy())
afterAll(() => new Promise<void>((resolve) => deadServer.close(() => resolve())))
async function deadPort(): Promise<number> {
  if (!deadServer.listening) await new Promise<void>((resolve) => deadServer.listen(0, '127.0.0.1', resolve))
  return (deadServer.address() as { port: number }).port
}

describe('xmargin-indexer keeps RPC URL secrets out of its output', () => {
  it('a chain whose RPC URL carries a key in its path fails; the logged errors show the origin, never the key', async () => {
    const port = await deadPort()
    const secretUrl = `http://127.0.0.1:${port}/secret-key-123`
    writeDevnetConfig({
      manifest,
      dir,
      file: 'xmargin.config.ts',
      wallets: [],
      database: 'secrets.db',
      rpcUrlOf: () => secretUrl,
    })
    const daemon = startDaemon(['--config', 'xmargin.config.ts'], { cwd: dir })
    // The RPC failure is logged (warn or worse) with its URL; then stop it if it is still running.
    const failure = await daemon
      .waitForLine((l) => l.level >= 40 && JSON.stringify(l).includes(`127.0.0.1:${port}`), 60_000)
      .catch(() => undefined)
    daemon.child.kill('SIGTERM')
    await daemon.exited
    const output = `${daemon.stdout()}\n${daemon.stderr()}`
    expect(failure, output).toBeDefined()
    expect(output).not.toContain('secret-key-123')
    expect(output).toContain(`http://127.0.0.1:${port}/…`)
  })
})
