import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'
import { useDevnetSnapshots } from '@xmargin/devnet/vitest'
import { contentTables, createPostgresStore } from '@xmargin/store'
import { type PostgresServer, startPostgresServer } from '@xmargin/store/testing/postgres-server'
import { createPublicClient, createTestClient, http } from 'viem'
import { afterAll, beforeAll, describe, expect, inject, onTestFailed, test } from 'vitest'
import { type FaultProxy, startFaultProxy } from './support/fault-proxy.js'

const manifest = inject('devnetManifest')
useDevnetSnapshots(manifest)
const script = join(import.meta.dirname, 'support', 'follow-postgres.ts')

let server: PostgresServer
/** Called by every chain's RPC gate as a request arrives; the answer waits for it. */
let onRequest: ((method: string) => void | Promise<void>) | undefined
const gates: FaultProxy[] = []
beforeAll(async () => {
  server = await startPostgresServer()
  for (const chain of manifest.chains)
    gates.push(await startFaultProxy({ upstream: chain.rpcUrl, onRequest: (method) => onRequest?.(method) }))
})
afterAll(async () => {
  await Promise.all(gates.map((gate) => gate.close()))
  await server?.stop()
})
const rpcUrls = () => Object.fromEntries(manifest.chains.map((c, i) => [c.chainId, gates[i]?.url]))

type Follower = {
  child: ChildProcess
  /** Resolves with the first log line whose `msg` is `msg` (rejects when the process exits first). */
  logged: (msg: string) => Promise<Record<string, unknown>>
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  stderr: () => string
}

/** `follow-postgres.ts` in a child process over the database `url`, its RPC through the gates (or not). */
function follow(url: string, { gated = true }: { gated?: boolean } = {}): Follower {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: {
      ...process.env,
      XMARGIN_MANIFEST: JSON.stringify(manifest),
      XMARGIN_RPC_URLS: JSON.stringify(gated ? rpcUrls() : {}),
      XMARGIN_DB_URL: url,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  const lines: Record<string, unknown>[] = []
  const waiters: { msg: string; resolve: (line: Record<string, unknown>) => void }[] = []
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
    const complete = stderr.split('\n').slice(0, -1)
    for (const text of complete.slice(lines.length)) {
      const line = (() => {
        try {
          return JSON.parse(text) as Record<string, unknown>
        } catch {
          return { msg: text }
        }
      })()
      lines.push(line)
      for (const waiter of waiters.filter((w) => w.msg === line.msg)) waiter.resolve(line)
    }
  })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  return {
    child,
    exited,
    stderr: () => stderr,
    logged: (msg) =>
      new Promise((resolve, reject) => {
        const seen = lines.find((l) => l.msg === msg)
        if (seen) return resolve(seen)
        waiters.push({ msg, resolve })
        void exited.then(({ code, signal }) =>
          reject(new Error(`exited (${code ?? signal}) before logging "${msg}":\n${stderr}`)),
        )
      }),
  }
}

/** Every table with its history, except first-seen metadata of wallets (which chain saw one first is timing). */
const contentOf = async (url: string) => {
  const store = await createPostgresStore({ url })
  try {
    return {
      hash: await store.contentHash({ tables: contentTables.filter((t) => t !== 'wallets') }),
      wallets: (await store.getTrackedWallets()).map((w) => `${w.address}:${w.source}`).sort(),
    }
  } finally {
    await store.close()
  }
}

describe('hot standby on PostgreSQL (issue 17)', () => {
  test('kill -9 of the writer mid-block while a standby waits: the standby takes over and the database equals a clean index', async () => {
    // Where the test was when it failed (a timeout says nothing else), with each process's last log.
    let stage = 'starting the active writer and the reference'
    const processes: Record<string, Follower> = {}
    onTestFailed(() => {
      const logs = Object.entries(processes).map(([name, p]) => `--- ${name}\n${p.stderr().slice(-1500)}`)
      console.error(`standby test failed while ${stage}\n${logs.join('\n')}`)
    })
    const url = await server.createDatabase('standby')
    const active = follow(url)
    processes.active = active
    // The clean index of the same blocks: an uninterrupted indexer over its own database, started at
    // the same head and following the same new blocks (its RPC not gated, so nothing kills it).
    const referenceUrl = await server.createDatabase('reference')
    const reference = follow(referenceUrl, { gated: false })
    processes.reference = reference
    await active.logged('following')
    await reference.logged('following')
    stage = 'starting the standby'
    const standby = follow(url)
    processes.standby = standby
    const waiting = await standby.logged('standby: another indexer writes this chain; waiting to take over')
    expect(waiting).toMatchObject({ holder_pid: active.child.pid })

    // New blocks on every chain; the active writer dies at its second pinned read (`eth_call`) after
    // them, before that request is answered: inside a block's processing, by construction.
    stage = 'mining new blocks and killing the active writer at its second eth_call'
    for (const chain of manifest.chains)
      await createTestClient({ mode: 'anvil', transport: http(chain.rpcUrl) }).mine({ blocks: 20 })
    let calls = 0
    let killed = false
    onRequest = async (method) => {
      if (method !== 'eth_call' || killed || ++calls < 2) return
      killed = active.child.kill('SIGKILL')
      await active.exited
    }
    expect(await active.exited).toEqual({ code: null, signal: 'SIGKILL' })
    const killedAt = performance.now()
    onRequest = undefined
    expect(killed).toBe(true)
    // It died before it had indexed the new blocks: some chain's stored tip is below its head.
    const heads = await Promise.all(
      manifest.chains.map(async (c) =>
        Number(
          await createPublicClient({ transport: http(c.rpcUrl), cacheTime: 0 }).getBlockNumber({
            cacheTime: 0,
          }),
        ),
      ),
    )
    const probe = await createPostgresStore({ url })
    const tips = await Promise.all(manifest.chains.map((c) => probe.getTip({ chainId: c.chainId })))
    await probe.close()
    expect(tips.some((tip, i) => tip !== null && tip.number < (heads[i] ?? 0))).toBe(true)

    stage = 'waiting for the standby to take over'
    await standby.logged('took over the writer lock of a stopped indexer')
    await standby.logged('standby over: this indexer writes its chains now')
    const takeoverMs = performance.now() - killedAt
    await standby.logged('following')
    console.log(`standby took over ${Math.round(takeoverMs)} ms after the kill`)
    stage = 'stopping the standby (a last sync to the head)'
    standby.child.kill('SIGTERM')
    expect((await standby.exited).code, standby.stderr()).toBe(0)
    stage = 'waiting for the reference to index the new blocks'

    // The reference has indexed every new block too (it polls the heads every 50 ms).
    const referenceStore = await createPostgresStore({ url: referenceUrl })
    for (const deadline = Date.now() + 60_000; ; ) {
      if (Date.now() > deadline)
        throw new Error(`the reference did not index the new blocks:\n${reference.stderr()}`)
      const done = await Promise.all(
        manifest.chains.map(
          async (c, i) => (await referenceStore.getTip({ chainId: c.chainId }))?.number === heads[i],
        ),
      )
      if (done.every(Boolean)) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    await referenceStore.close()
    stage = 'stopping the reference and comparing the databases'
    reference.child.kill('SIGTERM')
    expect((await reference.exited).code, reference.stderr()).toBe(0)
    expect(await contentOf(url)).toEqual(await contentOf(referenceUrl))
  })
})
