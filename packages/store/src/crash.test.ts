import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, test } from 'vitest'
import { createStore } from './create-store.js'
import { crashCursor, runCrashWorkload, writesPerBlock } from './testing/crash-workload.js'
import { createTempStore, type TempStore } from './testing/fixtures.js'

const packageDir = fileURLToPath(new URL('..', import.meta.url))
const lastBlock = 200

const temps: TempStore[] = []
afterEach(async () => {
  for (const temp of temps.splice(0)) await temp.dispose()
})

/** Starts the writer as ONE node process (tsx as a loader, not its CLI, which would fork a second process). */
function startWriter(path: string): {
  child: ChildProcess
  committed: () => number
  exited: Promise<NodeJS.Signals | number>
} {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/testing/crash-writer.ts', path, String(lastBlock)],
    {
      cwd: packageDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let last = 0
  let buffer = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString()
    const lines = buffer.split('\n')
    buffer = lines.pop() ?? ''
    for (const line of lines) if (line) last = Number(line)
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const exited = new Promise<NodeJS.Signals | number>((resolve) =>
    child.on('exit', (code, signal) => {
      if (code !== 0 && code !== null) console.error(stderr)
      resolve(signal ?? code ?? -1)
    }),
  )
  return { child, committed: () => last, exited }
}

/** Opens the file the way a restart would and checks it holds only whole blocks. */
function checkWholeBlocks(path: string): number {
  const raw = new Database(path, { readonly: true })
  expect(raw.pragma('integrity_check', { simple: true })).toBe('ok')
  const blocks = raw.prepare('select number from blocks order by number').pluck().all() as number[]
  const writes = raw
    .prepare('select valid_from as n, count(*) as c from positions group by valid_from order by valid_from')
    .all() as { n: number; c: number }[]
  const priceBlocks = raw
    .prepare('select valid_from from prices order by valid_from')
    .pluck()
    .all() as number[]
  const cursor = raw
    .prepare('select block_number from sync_cursors where source = ?')
    .pluck()
    .get(crashCursor) as number | undefined
  raw.close()
  const tip = blocks.at(-1) ?? 0
  expect(blocks).toEqual(Array.from({ length: tip }, (_, i) => i + 1))
  expect(writes).toEqual(blocks.map((n) => ({ n, c: writesPerBlock })))
  expect(priceBlocks).toEqual(blocks)
  expect(cursor ?? 0).toBe(tip)
  return tip
}

describe('crash safety', () => {
  test('SIGKILL of a writer mid-commit leaves only whole blocks; resuming ends equal to an uninterrupted run', async () => {
    const clean = await createTempStore('clean')
    const crashed = await createTempStore('crashed')
    temps.push(clean, crashed)
    await runCrashWorkload(clean.store, lastBlock)
    crashed.store.close()

    let tip = 0
    let kills = 0
    for (let round = 0; round < 8 && tip < lastBlock; round++) {
      const writer = startWriter(crashed.path)
      // Let it commit a few blocks, then kill it at a random moment (most of its time is spent inside a commit).
      const target = tip + 5 + Math.floor(Math.random() * 30)
      const deadline = Date.now() + 20_000
      while (writer.committed() < target && writer.child.exitCode === null && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 1 + Math.random() * 3))
      if (writer.child.exitCode === null && writer.child.signalCode === null) {
        writer.child.kill('SIGKILL')
        kills++
      }
      const outcome = await writer.exited
      const reported = writer.committed()
      const stored = checkWholeBlocks(crashed.path)
      // Every block the writer reported is committed; at most the one in flight may be too.
      expect(stored).toBeGreaterThanOrEqual(reported)
      expect(stored).toBeLessThanOrEqual(reported + 1)
      expect(stored).toBeGreaterThanOrEqual(tip)
      if (outcome !== 'SIGKILL') expect(outcome).toBe(0)
      tip = stored
    }
    expect(kills).toBeGreaterThanOrEqual(3)

    const finish = startWriter(crashed.path)
    expect(await finish.exited).toBe(0)
    expect(checkWholeBlocks(crashed.path)).toBe(lastBlock)
    const resumed = createStore({ path: crashed.path, now: () => 1_700_000_000_000 })
    try {
      expect(await resumed.contentHash()).toBe(await clean.store.contentHash())
    } finally {
      resumed.close()
    }
  }, 120_000)
})
