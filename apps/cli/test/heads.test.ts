import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { finalityOf } from '@xmargin/core'
import { type DevnetManifest, readManifest } from '@xmargin/devnet'
import { type Indexer, startIndexer } from '@xmargin/indexer'
import { openStore } from '@xmargin/store'
import { pino } from 'pino'
import { createTestClient, http, publicActions } from 'viem'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createChains } from '../src/runtime/create-chains.js'
import { devnetChainSettings } from '../src/runtime/devnet-settings.js'
import { type DevProcess, startDev } from './support/run-cli.js'

const dir = mkdtempSync(join(tmpdir(), 'xmargin-cli-heads-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Polls `condition` every 100 ms until it holds or `ms` pass; resolves with its last value. */
async function waitFor(condition: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (await condition()) return true
    await sleep(100)
  }
  return condition()
}

/** A pino logger whose JSON lines land in `lines` (what an operator would read on stderr). */
function captureLogger() {
  const lines: Record<string, unknown>[] = []
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  )
  return { logger, lines }
}

describe('following heads by WebSocket (a real `xmargin dev`, blocks only when a test mines one)', () => {
  let dev: DevProcess
  let manifest: DevnetManifest
  const cleanups: (() => Promise<void> | void)[] = []

  beforeAll(async () => {
    const manifestPath = join(dir, 'devnet.json')
    dev = await startDev([
      ...['--port', '0', '--rpc-ports', '0,0,0'],
      ...['--db', join(dir, 'dev.db'), '--manifest', manifestPath],
      ...['--block-time', '0', '--heartbeat', '0'],
    ])
    manifest = readManifest(manifestPath)
  })
  afterEach(async () => {
    for (const step of cleanups.splice(0).reverse()) await step()
  })
  afterAll(async () => {
    if (dev && dev.child.exitCode === null) {
      const exited = new Promise((resolve) => dev.child.once('exit', resolve))
      dev.child.kill('SIGTERM')
      await exited
    }
  })

  /** Mines one block on a devnet chain and returns its number. */
  const mine = async (rpcUrl: string): Promise<bigint> => {
    const client = createTestClient({ mode: 'anvil', transport: http(rpcUrl) }).extend(publicActions)
    await client.mine({ blocks: 1 })
    return client.getBlockNumber({ cacheTime: 0 })
  }
  /**
   * Mines a block, waits up to 2 s for `done`, and again until `ms` pass: a subscription comes up
   * asynchronously and misses the heads before it.
   */
  const mineUntil = async (rpcUrl: string, done: (mined: bigint) => boolean, ms: number) => {
    const deadline = Date.now() + ms
    while (Date.now() < deadline) {
      const mined = await mine(rpcUrl)
      if (await waitFor(() => done(mined), 2_000)) return true
    }
    return false
  }

  it("`xmargin dev` follows every devnet chain by WebSocket (each chain's first-sync log says heads: websocket)", async () => {
    const synced = () =>
      dev
        .output()
        .stderr.split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { msg?: string; chain_id?: number; heads?: string })
        .filter((line) => line.msg === 'first sync done')
    expect(await waitFor(() => synced().length === manifest.chains.length, 10_000)).toBe(true)
    expect(synced().map((line) => [line.chain_id, line.heads])).toEqual(
      expect.arrayContaining(manifest.chains.map((c) => [c.chainId, 'websocket'])),
    )
  })

  it("createChains() gives a chain with a webSocketUrl a watchHeads that fires on anvil's new blocks; without one, none", async () => {
    const settings = devnetChainSettings(manifest)
    expect(settings.map((s) => s.webSocketUrl)).toEqual(
      manifest.chains.map((c) => c.rpcUrl.replace('http', 'ws')),
    )
    const { indexerChains } = await createChains({ chains: manifest.chains, settings, local: true })
    expect(indexerChains.map((c) => typeof c.watchHeads)).toEqual(manifest.chains.map(() => 'function'))
    const polled = await createChains({
      chains: manifest.chains,
      settings: settings.map((s) => ({ ...s, webSocketUrl: undefined })),
      local: true,
    })
    expect(polled.indexerChains.map((c) => c.watchHeads)).toEqual(manifest.chains.map(() => undefined))

    const chain = manifest.chains.find((c) => c.chainId === 1)!
    let heads = 0
    const unwatch = indexerChains.find((c) => c.chainId === 1)!.watchHeads!(() => heads++)
    cleanups.push(unwatch)
    expect(await mineUntil(chain.rpcUrl, () => heads > 0, 30_000)).toBe(true)
    const before = heads
    for (let i = 0; i < 3; i++) await mine(chain.rpcUrl)
    expect(await waitFor(() => heads >= before + 3, 30_000)).toBe(true)
  })

  it('the indexer over CLI-built chains indexes newly mined blocks although its next poll is 10 minutes away', async () => {
    const chain = manifest.chains.find((c) => c.chainId === 1)!
    const only = { ...manifest, chains: [chain] }
    const store = await openStore({
      path: join(dir, 'follow.db'),
      fresh: true,
      chains: [{ chainId: 1, name: chain.name, ...finalityOf(chain) }],
    })
    cleanups.push(() => store.close())
    const { indexerChains } = await createChains({
      chains: only.chains,
      settings: devnetChainSettings(only),
      local: true,
    })
    const { logger } = captureLogger()
    const { indexer, running } = await startIndexer({
      store,
      chains: indexerChains,
      logger,
      pollingIntervalMs: 600_000,
    })
    cleanups.push(async () => {
      await indexer.stop()
      await running
    })
    const indexed = (i: Indexer) => i.status().find((s) => s.chainId === 1)?.indexedBlock ?? -1n
    // Each round lets the follow loop go to sleep first (it steps once more after every indexed
    // block), so only a head from the subscription wakes it; the first round also waits for the
    // subscription to come up.
    for (let round = 0; round < 3; round++) {
      await sleep(1_000)
      const reached = await mineUntil(chain.rpcUrl, (mined) => indexed(indexer) >= mined, 60_000)
      expect(reached, `round ${round}: indexed block ${indexed(indexer)}`).toBe(true)
    }
  })

  it('a WebSocket nobody answers is logged at warn with chain_id; nothing throws, the chain is still built', async () => {
    // A port held by this test that hangs up on every connection: no WebSocket ever opens there.
    const hangUp = createServer((socket) => socket.destroy())
    await new Promise<void>((resolve) => hangUp.listen(0, '127.0.0.1', resolve))
    cleanups.push(() => new Promise<void>((resolve) => hangUp.close(() => resolve())))
    const address = hangUp.address()
    const nobody = `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
    const settings = devnetChainSettings(manifest).map((s) => ({ ...s, webSocketUrl: nobody }))
    const { logger, lines } = captureLogger()
    const { indexerChains } = await createChains({ chains: manifest.chains, settings, local: true, logger })
    const chain = indexerChains.find((c) => c.chainId === 8453)!
    cleanups.push(chain.watchHeads!(() => {}))
    const warned = () =>
      lines.some(
        (l) =>
          l.level === 40 && l.chain_id === 8453 && l.msg === 'head subscription failed; polling continues',
      )
    expect(await waitFor(warned, 30_000), JSON.stringify(lines)).toBe(true)
    expect(lines.find((l) => l.level === 40)?.err).toBeDefined()
  })
})
