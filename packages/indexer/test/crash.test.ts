import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { useDevnetSnapshots } from '@xmargin/devnet/vitest'
import { contentTables, createStore } from '@xmargin/store'
import { createTestClient, http } from 'viem'
import { describe, expect, inject, test } from 'vitest'

const manifest = inject('devnetManifest')
useDevnetSnapshots(manifest)
const script = join(import.meta.dirname, 'support', 'index-to-head.ts')

function runIndexer(dbPath: string): { child: ChildProcess; done: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: {
      ...process.env,
      XMARGIN_MANIFEST: JSON.stringify(manifest),
      XMARGIN_DB: dbPath,
      XMARGIN_STEP: '25',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString()
  })
  const done = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => {
      if (code !== 0 && signal !== 'SIGKILL') console.error(stderr)
      resolve(code)
    }),
  )
  return { child, done }
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
  test('kill -9 at random points during backfill, restart: the database equals an uninterrupted run', async () => {
    // Lengthen the history so the backfill takes many committed steps (25 blocks each).
    for (const chain of manifest.chains) {
      const client = createTestClient({ mode: 'anvil', transport: http(chain.rpcUrl) })
      await client.mine({ blocks: 600 })
    }
    const dir = mkdtempSync(join(tmpdir(), 'xmargin-crash-'))
    try {
      const reference = join(dir, 'reference.db')
      expect(await runIndexer(reference).done).toBe(0)
      // A run over a complete database only marks finality (and prunes below it); the crashed
      // database below always gets such a last run, so the reference gets one too.
      expect(await runIndexer(reference).done).toBe(0)

      const crashed = join(dir, 'crashed.db')
      let seed = 12345
      const random = () => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31
        return seed / 2 ** 31
      }
      let kills = 0
      for (let attempt = 0; attempt < 12; attempt++) {
        const run = runIndexer(crashed)
        const delay = 400 + Math.floor(random() * 1600)
        const timer = setTimeout(() => run.child.kill('SIGKILL'), delay)
        const code = await run.done
        clearTimeout(timer)
        if (code === 0) break
        kills++
      }
      expect(kills).toBeGreaterThan(0) // at least one run really died mid-way
      // Clean runs complete it: the first finishes the snapshot if no attempt did, the second is the
      // finality-only run every complete database ends with (idempotent if already done).
      expect(await runIndexer(crashed).done).toBe(0)
      expect(await runIndexer(crashed).done).toBe(0)
      expect(await contentOf(crashed)).toEqual(await contentOf(reference))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
