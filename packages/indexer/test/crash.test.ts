import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { mineBlocks, useDevnetSnapshots } from '@xmargin/devnet/vitest'
import { contentTables, createStore } from '@xmargin/store'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { type FaultProxy, startFaultProxy } from './support/fault-proxy.js'

const manifest = inject('devnetManifest')
useDevnetSnapshots(manifest)
const script = join(import.meta.dirname, 'support', 'index-to-head.ts')

/**
 * The run in progress: every chain's RPC goes through a gate that counts `eth_getLogs` requests
 * of this run over all chains; when the count reaches `killAtChunk`, the gate kills the run with
 * SIGKILL as that request arrives (before it is answered), so the kill lands mid-backfill by
 * construction, not by timing.
 */
let current:
  | { child: ChildProcess; getLogs: number; killAtChunk: number | undefined; killed: boolean }
  | undefined
const gates: FaultProxy[] = []
beforeAll(async () => {
  for (const chain of manifest.chains) {
    gates.push(
      await startFaultProxy({
        upstream: chain.rpcUrl,
        onRequest: (method) => {
          if (method !== 'eth_getLogs' || !current) return
          current.getLogs++
          if (current.getLogs === current.killAtChunk && !current.killed) {
            current.killed = current.child.kill('SIGKILL')
          }
        },
      }),
    )
  }
})
afterAll(async () => {
  await Promise.all(gates.map((gate) => gate.close()))
})
const rpcUrls = () => Object.fromEntries(manifest.chains.map((c, i) => [c.chainId, gates[i]?.url]))

type RunOutcome = { code: number | null; signal: NodeJS.Signals | null; getLogs: number; killed: boolean }

/** Indexes the devnet to its head in a child process; `killAtChunk` kills it at that `eth_getLogs` request. */
async function runIndexer(dbPath: string, killAtChunk?: number): Promise<RunOutcome> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: {
      ...process.env,
      XMARGIN_MANIFEST: JSON.stringify(manifest),
      XMARGIN_RPC_URLS: JSON.stringify(rpcUrls()),
      XMARGIN_DB: dbPath,
      XMARGIN_STEP: '25',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  const run = { child, getLogs: 0, killAtChunk, killed: false }
  current = run
  let stderr = ''
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString()
  })
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
    (resolve) => child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  current = undefined
  if (code !== 0 && signal !== 'SIGKILL') console.error(stderr)
  return { code, signal, getLogs: run.getLogs, killed: run.killed }
}

/** Every table with its history, except first-seen metadata of wallets (which chain saw one first is timing). */
const contentOf = async (path: string) => {
  const store = createStore({ path })
  try {
    return {
      hash: await store.contentHash({ tables: contentTables.filter((t) => t !== 'wallets') }),
      wallets: (await store.getTrackedWallets()).map((w) => `${w.address}:${w.source}`).sort(),
    }
  } finally {
    store.close()
  }
}

describe('crash safety', () => {
  test('kill -9 at chosen getLogs chunks during backfill, restart: the database equals an uninterrupted run', async () => {
    // Lengthen the history so the backfill takes many committed steps (25 blocks each).
    for (const chain of manifest.chains) await mineBlocks(chain.rpcUrl, 600)
    const dir = mkdtempSync(join(tmpdir(), 'xmargin-crash-'))
    try {
      const reference = join(dir, 'reference.db')
      const uninterrupted = await runIndexer(reference)
      expect(uninterrupted.code).toBe(0)
      // A run over a complete database only marks finality (and prunes below it); the crashed
      // database below always gets such a last run, so the reference gets one too.
      expect((await runIndexer(reference)).code).toBe(0)

      // Kill points: seeded, each at most `budget` chunks into its run, so that all the kills
      // together consume under two thirds of the chunks an uninterrupted backfill needs. A resumed
      // run repeats nothing already committed, so every run still has chunks left when its kill
      // point comes: each kill happens mid-backfill by construction.
      const kills = 5
      const budget = Math.floor((uninterrupted.getLogs * 2) / 3 / kills)
      expect(budget).toBeGreaterThanOrEqual(3)
      let seed = 12345
      const random = () => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31
        return seed / 2 ** 31
      }
      const crashed = join(dir, 'crashed.db')
      const outcomes: RunOutcome[] = []
      for (let attempt = 0; attempt < kills; attempt++) {
        const killAtChunk = 2 + Math.floor(random() * (budget - 1))
        outcomes.push(await runIndexer(crashed, killAtChunk))
      }
      // Every run died of its kill, at its chosen chunk, before it could finish.
      expect(outcomes.map((o) => ({ killed: o.killed, signal: o.signal, code: o.code }))).toEqual(
        Array(kills).fill({ killed: true, signal: 'SIGKILL', code: null }),
      )
      // Clean runs complete it: the first finishes the snapshot, the second is the finality-only
      // run every complete database ends with.
      expect((await runIndexer(crashed)).code).toBe(0)
      expect((await runIndexer(crashed)).code).toBe(0)
      expect(await contentOf(crashed)).toEqual(await contentOf(reference))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
