import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type DevnetManifest, readManifest } from '@xmargin/devnet'
import { createStore, type Store, StoreBusyError, WriterLockedError } from '@xmargin/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DevProcess, runCli, startDev, stopProcess, xmarginBin } from './support/run-cli.js'

const dir = mkdtempSync(join(tmpdir(), 'xmargin-cli-lease-lost-'))
const CONFIG = 'lease.config.ts'
const DATABASE = 'lease.db'
/**
 * The config's `store.writerLockTimeoutSeconds`: short, so a hung process loses its chains within
 * seconds, and long enough that a live one heartbeating every third of it keeps them on a busy machine.
 */
const TIMEOUT_S = 4
/** The indexer on another machine that takes the chains over. */
const remote = { owner: 'remote-indexer', pid: 4242, host: 'another-host' }

let dev: DevProcess | undefined
let manifest: DevnetManifest
let store: Store | undefined
const children: ChildProcess[] = []

beforeAll(async () => {
  const paths = { db: join(dir, 'dev.db'), manifest: join(dir, 'devnet.json') }
  // The devnet's chains hold still (no blocks, no feed heartbeat): the lease's heartbeat is what runs.
  dev = await startDev([
    ...['--port', '0', '--rpc-ports', '0,0,0', '--db', paths.db, '--manifest', paths.manifest],
    ...['--block-time', '0', '--heartbeat', '0'],
  ])
  manifest = readManifest(paths.manifest)
  const init = await runCli(['init', '--from-devnet', '--manifest', paths.manifest, CONFIG], { cwd: dir })
  expect(init.code, init.stderr).toBe(0)
  const file = join(dir, CONFIG)
  const source = readFileSync(file, 'utf8')
  expect(source).toMatch(/database: \{[^}]*\}/)
  writeFileSync(
    file,
    source.replace(
      /database: \{[^}]*\}/,
      `database: { path: '${DATABASE}' },\n  store: { writerLockTimeoutSeconds: ${TIMEOUT_S} }`,
    ),
  )
})

afterAll(async () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGCONT')
      child.kill('SIGKILL')
      await exited
    }
  await store?.close()
  await stopProcess(dev)
  rmSync(dir, { recursive: true, force: true })
})

type Indexing = {
  child: ChildProcess
  /** The JSON log lines so far. */
  lines: () => Record<string, unknown>[]
  stderr: () => string
  /** Resolves with the first log line whose `msg` is `msg` (rejects if the process exits first, or after 120 s). */
  logged: (msg: string) => Promise<Record<string, unknown>>
  /** The exit code (rejects, with what it logged, when it has not exited within 60 s of the call). */
  exitCode: () => Promise<number | null>
}

/** `xmargin <args> --no-progress --config …` in the config's folder. */
function run(args: readonly string[]): Indexing {
  const child = spawn(process.execPath, [xmarginBin, ...args, '--no-progress', '--config', CONFIG], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  children.push(child)
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const lines = () =>
    stderr.split('\n').flatMap((text) => {
      try {
        return [JSON.parse(text) as Record<string, unknown>]
      } catch {
        return []
      }
    })
  const within = <T>(promise: Promise<T>, ms: number, what: string) => {
    let timer: NodeJS.Timeout | undefined
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`xmargin ${args.join(' ')}: ${what}\n${stderr}`)), ms)
    })
    return Promise.race([promise, late]).finally(() => clearTimeout(timer))
  }
  return {
    child,
    lines,
    stderr: () => stderr,
    exitCode: () => within(exited, 60_000, 'did not exit'),
    logged: (msg) =>
      within(
        new Promise((resolve, reject) => {
          const check = () => {
            const line = lines().find((l) => l.msg === msg)
            if (!line) return
            child.stderr?.off('data', check)
            resolve(line)
          }
          child.stderr?.on('data', check)
          check()
          void exited.then((code) =>
            reject(new Error(`xmargin ${args.join(' ')} exited (${code}) before "${msg}":\n${stderr}`)),
          )
        }),
        120_000,
        `no "${msg}"`,
      ),
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Hangs the process (SIGSTOP: no heartbeat, its pid alive) until the remote indexer takes its chains
 * over (past the lease timeout), then resumes it. Stopped inside a write, it holds SQLite's write lock
 * (the remote's attempt is busy): then it resumes for a moment and is stopped again.
 */
async function takeOverWhileHung(indexing: Indexing, chainIds: number[]): Promise<void> {
  store ??= createStore({ path: join(dir, DATABASE), busyTimeoutMs: 1_000 })
  const remoteStore = store
  const deadline = Date.now() + TIMEOUT_S * 1000 + 60_000
  indexing.child.kill('SIGSTOP')
  try {
    for (;;) {
      const taken = await remoteStore
        .acquireWriterLock({ ...remote, chainIds, timeoutMs: 60_000 })
        .catch((error: unknown) => {
          if (error instanceof WriterLockedError || error instanceof StoreBusyError) return error
          throw error
        })
      if (!(taken instanceof Error)) {
        expect(taken.takenOver.map((t) => t.previous.pid)).toEqual(chainIds.map(() => indexing.child.pid))
        return
      }
      if (Date.now() > deadline) throw new Error(`the hung process kept its lease: ${taken.message}`)
      if (taken instanceof StoreBusyError) {
        // Stopped inside a write: let it commit, then hang it again.
        indexing.child.kill('SIGCONT')
        await sleep(50)
        indexing.child.kill('SIGSTOP')
      } else await sleep(200)
    }
  } finally {
    indexing.child.kill('SIGCONT')
  }
}

const graphqlAnswers = async (url: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ chains { chainId } }' }),
  }).then(
    (response) => response.ok,
    () => false,
  )

describe('an indexing process that loses its writer lease exits 1 (issue 17)', () => {
  it.each([
    ['xmargin index', ['index']],
    ['xmargin start --role indexer', ['start', '--role', 'indexer']],
    ['xmargin start (indexer and API)', ['start', '--port', '0']],
  ])('%s: logs the chain and its new holder, stops everything it runs and exits 1', async (_, args) => {
    const chainIds = manifest.chains.map((c) => c.chainId)
    const indexing = run(args)
    const running = await indexing.logged('running')
    const url = running.url ? `${String(running.url)}${String(running.path)}` : undefined
    if (url) expect(await graphqlAnswers(url)).toBe(true)

    await takeOverWhileHung(indexing, chainIds)
    expect(await indexing.exitCode(), indexing.stderr()).toBe(1)
    const lost = indexing.lines().find((l) => l.msg === 'writer lease lost to another indexer; exiting')
    expect(lost).toMatchObject({ holder_pid: remote.pid, holder_host: remote.host })
    expect(chainIds).toContain(lost?.chain_id)
    expect(indexing.stderr()).toContain(
      `xmargin: The indexer stopped: another indexer took over chain ${String(lost?.chain_id)} (now written by pid ${remote.pid} on ${remote.host}).\n`,
    )
    // The API of a combined start went with it: nothing serves the chains as if they were written.
    if (url) expect(await graphqlAnswers(url)).toBe(false)
    // The next case's process writes the chains again.
    await store?.releaseWriterLock({ owner: remote.owner })
  })
})
