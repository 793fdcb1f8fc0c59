import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type DevnetManifest, readManifest } from '@xmargin/devnet'
import { type PostgresServer, startPostgresServer } from '@xmargin/store/testing/postgres-server'
import { createTestClient, http } from 'viem'
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest'
import { type DevProcess, runCli, startDev, stopProcess, xmarginBin } from './support/run-cli.js'

const dir = mkdtempSync(join(tmpdir(), 'xmargin-cli-roles-pg-'))
const CONFIG = 'roles.config.ts'

let dev: DevProcess | undefined
let server: PostgresServer | undefined
let manifest: DevnetManifest
const running: ChildProcess[] = []

beforeAll(async () => {
  const paths = { db: join(dir, 'dev.db'), manifest: join(dir, 'devnet.json') }
  dev = await startDev([
    ...[
      // Ports the OS picks (read back from the banner and the manifest): none is chosen ahead.
      '--port',
      '0',
      '--rpc-ports',
      '0,0,0',
      '--db',
      paths.db,
      '--manifest',
      paths.manifest,
    ],
    ...['--block-time', '0', '--heartbeat', '0'],
  ])
  manifest = readManifest(paths.manifest)
  const init = await runCli(['init', '--from-devnet', '--manifest', paths.manifest, CONFIG], { cwd: dir })
  expect(init.code, init.stderr).toBe(0)
  server = await startPostgresServer()
  const url = await server.createDatabase('roles')
  // The same config on PostgreSQL.
  const file = join(dir, CONFIG)
  const source = readFileSync(file, 'utf8')
  expect(source).toMatch(/database: \{[^}]*\}/)
  writeFileSync(file, source.replace(/database: \{[^}]*\}/, `database: { url: '${url}' }`))
})

afterAll(async () => {
  for (const child of running)
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      await exited
    }
  await stopProcess(dev)
  await server?.stop()
  rmSync(dir, { recursive: true, force: true })
})

type Piece = {
  child: ChildProcess
  /** Resolves with the first JSON log line whose `msg` is `msg` (rejects if the process exits first). */
  logged: (msg: string) => Promise<Record<string, unknown>>
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** Everything it wrote to stderr so far. */
  stderr: () => string
}

/** `xmargin start --no-progress <args>` in the config's folder; its stderr JSON lines. */
function start(args: readonly string[]): Piece {
  const child = spawn(process.execPath, [xmarginBin, 'start', '--no-progress', '--config', CONFIG, ...args], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  running.push(child)
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  const find = (msg: string) =>
    stderr
      .split('\n')
      .map((line) => {
        try {
          return JSON.parse(line) as Record<string, unknown>
        } catch {
          return undefined
        }
      })
      .find((line) => line?.msg === msg)
  return {
    child,
    exited,
    stderr: () => stderr,
    logged: (msg) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const line = find(msg)
          if (!line) return
          child.stderr?.off('data', check)
          resolve(line)
        }
        child.stderr?.on('data', check)
        check()
        void exited.then(({ code, signal }) =>
          reject(
            new Error(
              `xmargin start ${args.join(' ')} exited (${code ?? signal}) before "${msg}":\n${stderr}`,
            ),
          ),
        )
      }),
  }
}

const chainsQuery = '{ chains { chainId indexedBlock } }'
const indexedBlocks = async (url: string) => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: chainsQuery }),
  })
  const body = (await response.json()) as {
    data?: { chains: { chainId: number; indexedBlock: string | null }[] }
  }
  return new Map((body.data?.chains ?? []).map((c) => [c.chainId, c.indexedBlock]))
}

describe('xmargin start --role on PostgreSQL (issue 17)', () => {
  it('a second --role indexer waits as a standby and takes over after kill -9 of the first; a --role api replica serves what either writes', async () => {
    // A timeout names the step it was waiting on, with what each process logged.
    let step = 'the first indexer starts'
    const pieces: [string, Piece][] = []
    onTestFailed(() => {
      const logs = pieces.map(
        ([name, piece]) => `--- ${name} (pid ${piece.child.pid}) ---\n${piece.stderr()}`,
      )
      console.error(`failed while waiting for: ${step}\n${logs.join('\n')}`)
    })
    const first = start(['--role', 'indexer'])
    pieces.push(['first indexer', first])
    await first.logged('running')
    step = 'the second indexer waits as a standby'
    const standby = start(['--role', 'indexer', '--chains', '1,42161,8453'])
    pieces.push(['standby indexer', standby])
    const waiting = await standby.logged('standby: another indexer writes this chain; waiting to take over')
    expect(waiting).toMatchObject({ holder_pid: first.child.pid })

    step = 'the api replica starts'
    const replica = start(['--role', 'api', '--port', '0'])
    pieces.push(['api replica', replica])
    const replicaRunning = await replica.logged('running')
    expect(replicaRunning).toMatchObject({ mode: 'start', role: 'api' })
    // Log lines cut URLs to their origin; the API's path is logged beside it.
    const url = `${String(replicaRunning.url)}${String(replicaRunning.path)}`
    const before = await indexedBlocks(url)
    expect([...before.keys()].sort()).toEqual(manifest.chains.map((c) => c.chainId).sort())

    step = 'the standby takes over after kill -9 of the first'
    first.child.kill('SIGKILL')
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' })
    await standby.logged('standby over: this indexer writes its chains now')
    expect(await standby.logged('running')).toMatchObject({ role: 'indexer', chain_ids: [1, 42161, 8453] })

    step = 'the replica reports a new block on chain 1'
    // A new block on chain 1, written by the former standby, is what the replica reports.
    const chain1 = manifest.chains.find((c) => c.chainId === 1)
    const testClient = createTestClient({ mode: 'anvil', transport: http(chain1?.rpcUrl) })
    await testClient.mine({ blocks: 1 })
    const target = BigInt(before.get(1) ?? '0') + 1n
    for (const deadline = Date.now() + 30_000; ; ) {
      if (BigInt((await indexedBlocks(url)).get(1) ?? '0') >= target) break
      if (Date.now() > deadline) throw new Error('the replica never reported the new block')
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
  })
})
