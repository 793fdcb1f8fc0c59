import '@xmargin/devnet/vitest/global-setup'
import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'
import { alignClock, manifestChain, resetPrices, revertSnapshot, shockPrice } from '@xmargin/devnet'
import { createPostgresStore, type Store } from '@xmargin/store'
import { type PostgresServer, startPostgresServer } from '@xmargin/store/testing/postgres-server'
import { createTestClient, getAddress, http, publicActions } from 'viem'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { graphql } from '../../src/graphql/graphql.js'
import { type DevnetApiFixture, startDevnetApi } from '../support/devnet-fixture.js'
import { gql } from '../support/graphql-client.js'
import { readSse } from '../support/sse-client.js'

const manifest = inject('devnetManifest')
const script = join(import.meta.dirname, '..', 'support', 'replica.ts')
const walletNamed = (name: string) => getAddress(manifest.wallets.find((w) => w.name === name)?.address ?? '')
const nearLiquidation = walletNamed('near-liquidation')
const crossChain = walletNamed('cross-chain')

const MARGIN = graphql(`query ($a: [Address!]!) {
  margin(addresses: $a) {
    status statusReasons equity initialMargin maintenanceMargin health
    positions { id kind asset value impliedVolatility stale }
    excluded { id reason }
    venues { chainId venue wallet nativeHealth totalCollateralBase totalDebtBase }
    freshness { chainId blockNumber blockHash indexedBlock cutTime stale }
  }
}`)

const EQUITY = graphql(`query ($a: [Address!]!) { margin(addresses: $a) { equity } }`)

type Replica = { child: ChildProcess; url: string; stop: () => Promise<void> }

/** An API replica in its own process (`support/replica.ts`) over the database `url`. */
function startReplica(url: string, now?: number): Promise<Replica> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: {
      ...process.env,
      XMARGIN_MANIFEST: JSON.stringify(manifest),
      XMARGIN_DB_URL: url,
      ...(now === undefined ? {} : { XMARGIN_NOW: String(now) }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const url = /^(http:\/\/\S+\/graphql)$/m.exec(stdout)?.[1]
      if (url)
        resolve({
          child,
          url,
          stop: async () => {
            child.kill('SIGTERM')
            await exited
          },
        })
    })
    void exited.then(() => reject(new Error(`the replica exited before listening:\n${stderr}`)))
  })
}

describe('API replicas in other processes over one PostgreSQL database (issue 17)', () => {
  let server: PostgresServer
  let databaseUrl: string
  let indexing: DevnetApiFixture
  /**
   * Set to near-liquidation's equity before a change: the first write after which this process's own
   * API (same database, same code as a replica) answers another equity records `visibleAt`
   * (performance.now): the write that makes the change readable, which a replica's event follows.
   */
  const visibility: { equityBefore?: string; visibleAt?: number } = {}
  const replicas: Replica[] = []

  beforeAll(async () => {
    server = await startPostgresServer()
    databaseUrl = await server.createDatabase('replicas')
    const store = await createPostgresStore({ url: databaseUrl })
    const timed =
      <P, R>(write: (parameters: P) => Promise<R>) =>
      async (parameters: P) => {
        const result = await write(parameters)
        const at = performance.now()
        const { equityBefore } = visibility
        if (equityBefore !== undefined && visibility.visibleAt === undefined) {
          const answer = await gql(indexing.url, EQUITY, { a: [nearLiquidation] })
          if (answer.data?.margin.equity !== equityBefore) visibility.visibleAt ??= at
        }
        return result
      }
    // The indexer runs in this process; every write that moves a tip or a clock (what NOTIFY announces) is timed.
    const writer: Store = {
      ...store,
      commitBlock: timed(store.commitBlock),
      rollbackTo: timed(store.rollbackTo),
      advanceChainClock: timed(store.advanceChainClock),
    }
    indexing = await startDevnetApi(manifest, { store: writer })
    await indexing.indexer.readWallets((await store.getTrackedWallets()).map((w) => w.address))
  })
  afterAll(async () => {
    for (const replica of replicas) await replica.stop()
    await indexing?.close()
    await resetPrices(manifest, { symbol: 'WETH' }).catch(() => undefined)
    await server?.stop()
  })

  it('a block indexed by this process reaches an SSE subscriber of a replica in another process within a second, with no poll', async () => {
    const replica = await startReplica(databaseUrl)
    replicas.push(replica)
    type Report = { equity: string; health: string | null }
    const updates = await readSse<{ marginUpdated: Report }>(
      replica.url,
      `subscription { marginUpdated(addresses: ["${nearLiquidation}"]) { equity health } }`,
    )
    try {
      const first = (await updates.next()).data?.marginUpdated
      visibility.equityBefore = first?.equity
      // One block per chain, all at one timestamp, with WETH 5% lower.
      await shockPrice(manifest, { symbol: 'WETH', percent: -5 })
      const syncing = indexing.indexer.syncToHead()
      const moved = (await updates.next()).data?.marginUpdated
      const heardAt = performance.now()
      await syncing
      expect(moved?.equity).not.toBe(first?.equity)
      const { visibleAt } = visibility
      expect(visibleAt).toBeDefined()
      const latencyMs = heardAt - (visibleAt ?? Number.NaN)
      console.log(
        `block → SSE across processes: ${latencyMs.toFixed(1)} ms from the write that made the shock readable to the replica's event (its poll: once a minute)`,
      )
      // The replica polls once a minute: an event within a second came by NOTIFY.
      expect(latencyMs).toBeLessThan(1000)
    } finally {
      updates.close()
    }
  })

  it('two replicas return identical reports for every demo wallet at the same cut', async () => {
    // The indexer is idle (it does not follow the heads): both replicas read the same cut; one clock.
    const now = Math.floor(Date.now() / 1000)
    const pair = [await startReplica(databaseUrl, now), await startReplica(databaseUrl, now)]
    replicas.push(...pair)
    expect(manifest.wallets.length).toBeGreaterThanOrEqual(10)
    for (const wallet of manifest.wallets) {
      const [a, b] = await Promise.all(pair.map((r) => gql(r.url, MARGIN, { a: [wallet.address] })))
      expect(a?.errors, wallet.name).toBeUndefined()
      expect(a?.data, wallet.name).toEqual(b?.data)
      expect(a?.data?.margin.status, wallet.name).not.toBe('UNKNOWN')
    }
  })

  it("a reorg that this process's indexer handles is seen consistently by both replicas: never back on the orphaned block, never a trusted answer with positions missing", async () => {
    const chain1 = createTestClient({
      mode: 'anvil',
      transport: http(manifestChain(manifest, 1).rpcUrl),
      cacheTime: 0,
    }).extend(publicActions)
    const snapshot = await chain1.snapshot()
    let following: Promise<void> | undefined
    try {
      // One block above the snapshot, indexed: the reorg replaces it.
      await chain1.mine({ blocks: 1 })
      await indexing.indexer.syncToHead()
      const pair = [await startReplica(databaseUrl), await startReplica(databaseUrl)]
      replicas.push(...pair)
      type Sample = { replica: number; status: string; equity: number; hash: string | null }
      const sample = async (replica: number): Promise<Sample | null> => {
        const res = await gql(pair[replica]?.url ?? '', MARGIN, { a: [crossChain] })
        // A chain that changed under the request is refused (STALE_DATA), never answered wrongly.
        if (res.errors?.every((e) => e.extensions?.code === 'STALE_DATA')) return null
        expect(res.errors, JSON.stringify(res.errors)).toBeUndefined()
        const margin = res.data?.margin
        return {
          replica,
          status: margin?.status ?? '',
          equity: Number(margin?.equity),
          hash: margin?.freshness.find((c) => c.chainId === 1)?.blockHash ?? null,
        }
      }
      const before = await sample(0)
      expect(before).toMatchObject({ status: 'HEALTHY' })
      const orphaned = (await chain1.getBlock()).hash
      // Both replicas answer on the block the reorg will orphan: each one's answers then cross over.
      const samples: Sample[] = []
      for (const replica of [0, 1]) {
        const s = await sample(replica)
        expect(s?.hash).toBe(orphaned)
        if (s) samples.push(s)
      }
      following = indexing.indexer.run()
      // The new fork's block carries a zero-value transfer, so its hash differs from the one it replaces.
      const marker = { from: crossChain, to: crossChain, value: '0x0' }
      await chain1.request({ method: 'anvil_reorg', params: [1, [[marker, 0]]] } as never)
      // anvil_reorg rewinds the chain's time to the block it goes back to.
      await alignClock({ client: chain1 })
      const onNewFork = new Set<number>()
      for (const deadline = Date.now() + 60_000; onNewFork.size < 2; ) {
        if (Date.now() > deadline)
          throw new Error(`the replicas never served the new fork: ${JSON.stringify(samples.at(-1))}`)
        for (const replica of [0, 1]) {
          const s = await sample(replica)
          if (!s) continue
          samples.push(s)
          if (s.hash !== null && s.hash !== orphaned) onNewFork.add(replica)
        }
      }
      for (const replica of [0, 1]) {
        const own = samples.filter((s) => s.replica === replica)
        const first = own.findIndex((s) => s.hash !== orphaned)
        // Once a replica serves the new fork it never answers on the orphaned block again…
        expect(
          own.slice(first).every((s) => s.hash !== orphaned),
          JSON.stringify(own),
        ).toBe(true)
      }
      // …and no answer it trusts lacks chain 1's positions.
      for (const s of samples)
        if (s.status !== 'UNKNOWN')
          expect(Math.abs(s.equity - (before?.equity ?? 0)), JSON.stringify(s)).toBeLessThanOrEqual(
            0.01 * (before?.equity ?? 0),
          )
      console.log(
        `reorg across replicas: ${samples.length} answers, ${samples.filter((s) => s.hash === orphaned).length} on the orphaned block (2 taken before the reorg)`,
      )
    } finally {
      await indexing.indexer.stop()
      await following
      await revertSnapshot({ client: chain1, id: snapshot })
    }
  })
})
