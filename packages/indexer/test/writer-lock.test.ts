import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { WriterLockedError } from '@xmargin/store'
import { afterEach, describe, expect, inject, test } from 'vitest'
import { createIndexerFixture, type IndexerFixture } from './support/indexer-fixture.js'

const manifest = inject('devnetManifest')
const script = join(import.meta.dirname, 'support', 'index-to-head.ts')
const fixtures: IndexerFixture[] = []
const dirs: string[] = []
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((f) => f.close()))
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})
const sharedDb = () => {
  const dir = mkdtempSync(join(tmpdir(), 'xmargin-lock-'))
  dirs.push(dir)
  return join(dir, 'xmargin.db')
}
const fixture = async (dbPath: string) => {
  const f = await createIndexerFixture(manifest, { dbPath })
  fixtures.push(f)
  return f
}

/** `index-to-head.ts` in a child process over `dbPath`: its exit code and stderr. */
function indexInChild(dbPath: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, XMARGIN_MANIFEST: JSON.stringify(manifest), XMARGIN_DB: dbPath },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })))
}

describe('one writer per database and chain', () => {
  test('a second indexer instance on the same file refuses to start with WriterLockedError; it starts once the first stops', async () => {
    const dbPath = sharedDb()
    const first = await fixture(dbPath)
    await first.indexer.syncToHead()
    const second = await fixture(dbPath)
    const refused = await second.indexer.syncToHead().catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(WriterLockedError)
    expect(refused).toMatchObject({ holder: { pid: process.pid } })
    // Nothing was written by the refused indexer: its steps refuse too.
    await expect(second.indexer.step(1)).rejects.toBeInstanceOf(WriterLockedError)
    await first.indexer.stop()
    // A stopped indexer that steps again takes the lock again (the API test fixtures restart theirs).
    await first.indexer.syncToHead()
    const probe = await fixture(dbPath)
    await expect(probe.indexer.syncToHead()).rejects.toBeInstanceOf(WriterLockedError)
    await first.indexer.stop()
    const third = await fixture(dbPath)
    await third.indexer.syncToHead()
    expect(third.indexer.status().every((s) => s.indexedBlock !== null)).toBe(true)
  })

  test('a second indexer process exits with the error naming the holder; after the holder stops, a process indexes', async () => {
    const dbPath = sharedDb()
    const holder = await fixture(dbPath)
    await holder.indexer.syncToHead()
    const refused = await indexInChild(dbPath)
    expect(refused.code).not.toBe(0)
    expect(refused.stderr).toMatch(/WriterLockedError/)
    expect(refused.stderr).toMatch(`already written by another indexer (pid ${process.pid}`)
    await holder.indexer.stop()
    // The child exits without a clean stop (as after kill -9): the next run takes its lock over at once.
    expect((await indexInChild(dbPath)).code).toBe(0)
    expect((await indexInChild(dbPath)).code).toBe(0)
  })
})
