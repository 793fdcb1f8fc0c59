import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { mineBlocks, useDevnetSnapshots } from '@xmargin/devnet/vitest'
import { DISCOVERY_CURSOR, HEAD_CURSOR } from '@xmargin/indexer'
import { createStore } from '@xmargin/store'
import { createPublicClient, http, type PublicClient } from 'viem'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { startDaemon } from './support/daemon-process.js'
import { writeDevnetConfig } from './support/devnet-config.js'
import { type RpcGate, startRpcGate } from './support/rpc-gate.js'

const manifest = inject('devnetManifest')
useDevnetSnapshots(manifest)
const cross = manifest.wallets.find((w) => w.name === 'cross-chain')!.address
const chainIds = manifest.chains.map((c) => c.chainId)
const gates: RpcGate[] = []
let dir = ''
afterEach(async () => {
  for (const gate of gates.splice(0)) await gate.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** Per chain: the stored tip and the sync cursors. */
async function storedState(dbPath: string) {
  const store = createStore({ path: dbPath })
  try {
    const heads = await store.getChainHeads({ chainIds })
    return heads.map((h) => ({
      chainId: h.chain.chainId,
      tip: h.tip?.number ?? null,
      cursors: new Map(h.cursors.map((c) => [c.source, c.blockNumber])),
    }))
  } finally {
    store.close()
  }
}

describe('xmargin-indexer stopped during its first backfill', () => {
  it('SIGTERM mid-backfill stops after the getLogs chunks in flight and exits 0 without a snapshot; a restart completes', async () => {
    dir = mkdtempSync(join(tmpdir(), 'xmargin-indexer-stop-'))
    // A long first backfill: 300 more blocks per chain, scanned in 2-block getLogs chunks.
    for (const chain of manifest.chains) await mineBlocks(chain.rpcUrl, 300)
    const heads = new Map<number, bigint>()
    for (const chain of manifest.chains) {
      const client = createPublicClient({ transport: http(chain.rpcUrl), cacheTime: 0 }) as PublicClient
      heads.set(chain.chainId, await client.getBlockNumber())
    }
    // Once every chain has had 10 getLogs answered or in flight, hold all RPC traffic, send SIGTERM,
    // and let the traffic through only after the daemon logged that it is stopping.
    let atSignal: Map<number, number> | undefined
    let signalled: () => void = () => {}
    const signalSent = new Promise<void>((resolve) => {
      signalled = resolve
    })
    const onRequest = () => {
      if (atSignal || gates.length < chainIds.length) return
      if (gates.some((g) => g.count('eth_getLogs') < 10)) return
      for (const gate of gates) gate.hold()
      atSignal = new Map(chainIds.map((id, i) => [id, gates[i]!.count('eth_getLogs')]))
      signalled()
    }
    for (const chain of manifest.chains) gates.push(await startRpcGate({ upstream: chain.rpcUrl, onRequest }))
    const gateOf = (chainId: number) => gates[chainIds.indexOf(chainId)]!
    writeDevnetConfig({
      manifest,
      dir,
      file: 'xmargin.config.ts',
      wallets: [cross],
      database: 'daemon.db',
      rpcUrlOf: (chainId) => gateOf(chainId).url,
      maxLogRange: 2,
    })
    const dbPath = join(dir, 'daemon.db')
    const args = ['--config', 'xmargin.config.ts', '--status-interval', '1']

    const first = startDaemon(args, { cwd: dir })
    await signalSent
    first.child.kill('SIGTERM')
    await first.waitForLine((l) => l.msg === 'stopping', 60_000)
    for (const gate of gates) gate.release()
    expect(await first.exited).toBe(0)
    const lines = first.lines()
    expect(lines.find((l) => l.msg === 'stopped')?.signal).toBe('SIGTERM')
    expect(lines.filter((l) => l.msg === 'first sync done' || l.msg === 'running')).toEqual([])
    for (const chainId of chainIds) {
      // At most the chunk each chain had in flight was answered after the signal (~150 were to come).
      expect(
        gateOf(chainId).count('eth_getLogs') - atSignal!.get(chainId)!,
        `chain ${chainId}`,
      ).toBeLessThanOrEqual(1)
    }
    // What was scanned is committed (a discovery cursor below the head), and no snapshot was taken.
    const stopped = await storedState(dbPath)
    for (const chain of stopped) {
      expect(chain.cursors.has(HEAD_CURSOR), `chain ${chain.chainId}`).toBe(false)
      expect(chain.cursors.get(DISCOVERY_CURSOR), `chain ${chain.chainId}`).toBe(chain.tip)
      expect(BigInt(chain.tip ?? 0), `chain ${chain.chainId}`).toBeLessThan(heads.get(chain.chainId)! - 100n)
    }

    // The restart resumes from the committed cursor, completes the backfill and the snapshot.
    const second = startDaemon(args, { cwd: dir })
    await second.waitForLine((l) => l.msg === 'running', 180_000)
    second.child.kill('SIGTERM')
    expect(await second.exited).toBe(0)
    const again = second.lines()
    for (const chain of stopped) {
      const starting = again.find((l) => l.msg === 'indexer starting' && l.chain_id === chain.chainId)
      expect(starting?.resume_from_block, `chain ${chain.chainId}`).toBe(chain.tip)
      const synced = again.find((l) => l.msg === 'first sync done' && l.chain_id === chain.chainId)
      expect(synced?.block_number, `chain ${chain.chainId}`).toBeGreaterThanOrEqual(
        Number(heads.get(chain.chainId)),
      )
    }
    for (const chain of await storedState(dbPath)) {
      expect(chain.cursors.has(HEAD_CURSOR), `chain ${chain.chainId}`).toBe(true)
    }
    const store = createStore({ path: dbPath })
    try {
      const venues = new Set(
        (await store.getPositions({ wallets: [cross] })).map((p) => `${p.chainId}:${p.venue}:${p.kind}`),
      )
      expect([...venues]).toEqual(
        expect.arrayContaining(['1:aave-v3:supply', '42161:aave-v3:debt', '8453:morpho-blue:debt']),
      )
    } finally {
      store.close()
    }
  })
})
