import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, test } from 'vitest'
import { crashCursor, runCrashWorkload, writesPerBlock } from './testing/crash-workload.js'
import { createTempStore, type TempStore, testDialects } from './testing/fixtures.js'

const packageDir = fileURLToPath(new URL('..', import.meta.url))
const lastBlock = 200

const temps: TempStore[] = []
afterEach(async () => {
  for (const temp of temps.splice(0)) await temp.dispose()
})

/** Starts the writer as ONE node process (tsx as a loader, not its CLI, which would fork a second process). */
function startWriter(location: string): {
  child: ChildProcess
  committed: () => number
  exited: Promise<NodeJS.Signals | number>
} {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/testing/crash-writer.ts', location, String(lastBlock)],
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

/** Reads the database the way a restart would (the driver, no store) and checks it holds only whole blocks. */
async function checkWholeBlocks(temp: TempStore): Promise<number> {
  if (temp.dialect === 'sqlite')
    expect(await temp.query('pragma integrity_check')).toEqual([{ integrity_check: 'ok' }])
  // PostgreSQL returns bigint columns and counts as strings.
  const numbers = async (text: string, column: string) =>
    (await temp.query(text)).map((row) => Number(row[column]))
  const blocks = await numbers('select number from blocks order by number', 'number')
  const writes = (
    await temp.query(
      'select valid_from as n, count(*) as c from positions group by valid_from order by valid_from',
    )
  ).map((row) => ({ n: Number(row.n), c: Number(row.c) }))
  const priceBlocks = await numbers('select valid_from from prices order by valid_from', 'valid_from')
  const [cursor] = await numbers(
    `select block_number from sync_cursors where source = '${crashCursor}'`,
    'block_number',
  )
  const tip = blocks.at(-1) ?? 0
  expect(blocks).toEqual(Array.from({ length: tip }, (_, i) => i + 1))
  expect(writes).toEqual(blocks.map((n) => ({ n, c: writesPerBlock })))
  expect(priceBlocks).toEqual(blocks)
  expect(cursor ?? 0).toBe(tip)
  return tip
}

describe.each(testDialects)('crash safety on %s', (dialect) => {
  test('SIGKILL of a writer mid-commit leaves only whole blocks; resuming ends equal to an uninterrupted run', async () => {
    // The uninterrupted run is on SQLite for both dialects: the comparison is across dialects too.
    const clean = await createTempStore('clean', 'sqlite')
    const crashed = await createTempStore('crashed', dialect)
    temps.push(clean, crashed)
    await runCrashWorkload(clean.store, lastBlock)
    await crashed.store.close()

    let tip = 0
    let kills = 0
    for (let round = 0; round < 8 && tip < lastBlock; round++) {
      const writer = startWriter(crashed.location)
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
      const stored = await checkWholeBlocks(crashed)
      // Every block the writer reported is committed; at most the one in flight may be too.
      expect(stored).toBeGreaterThanOrEqual(reported)
      expect(stored).toBeLessThanOrEqual(reported + 1)
      expect(stored).toBeGreaterThanOrEqual(tip)
      if (outcome !== 'SIGKILL') expect(outcome).toBe(0)
      tip = stored
    }
    expect(kills).toBeGreaterThanOrEqual(3)

    const finish = startWriter(crashed.location)
    expect(await finish.exited).toBe(0)
    expect(await checkWholeBlocks(crashed)).toBe(lastBlock)
    const resumed = await crashed.openAnother()
    expect(await resumed.contentHash()).toBe(await clean.store.contentHash())
  }, 120_000)
})
