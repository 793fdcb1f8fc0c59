import '@xmargin/devnet/vitest/global-setup'
import { type ChildProcess, spawn } from 'node:child_process'
import { join } from 'node:path'
import { resetPrices, shockPrice } from '@xmargin/devnet'
import { createPostgresStore, type Store } from '@xmargin/store'
import { type PostgresServer, startPostgresServer } from '@xmargin/store/testing/postgres-server'
import { createPublicClient, getAddress, http } from 'viem'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { graphql } from '../../src/graphql/graphql.js'
import { type DevnetApiFixture, startDevnetApi } from '../support/devnet-fixture.js'
import { gql } from '../support/graphql-client.js'
import { readSse } from '../support/sse-client.js'

const manifest = inject('devnetManifest')
const script = join(import.meta.dirname, '..', 'support', 'replica.ts')
const nearLiquidation = getAddress(manifest.wallets.find((w) => w.name === 'near-liquidation')?.address ?? '')

const MARGIN = graphql(`query ($a: [Address!]!) {
  margin(addresses: $a) {
    status statusReasons equity initialMargin maintenanceMargin health
    positions { id kind asset value impliedVolatility stale }
    excluded { id reason }
    venues { chainId venue wallet nativeHealth totalCollateralBase totalDebtBase }
    freshness { chainId blockNumber indexedBlock cutTime stale }
  }
}`)

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
   * Set to every chain's head hash to wait for: the first write after which readers are served all of
   * them (`getChainHeads`' served blocks) records `visibleAt` (performance.now).
   */
  const visibility: { targets?: Map<number, string>; visibleAt?: number } = {}
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
        const { targets } = visibility
        if (targets && visibility.visibleAt === undefined) {
          const heads = await store.getChainHeads()
          if (heads.every((h) => h.served?.hash === targets.get(h.chain.chainId))) visibility.visibleAt ??= at
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
      // One block per chain, all at one timestamp, with WETH 5% lower.
      await shockPrice(manifest, { symbol: 'WETH', percent: -5 })
      visibility.targets = new Map(
        await Promise.all(
          manifest.chains.map(async (c) => {
            const head = await createPublicClient({ transport: http(c.rpcUrl), cacheTime: 0 }).getBlock()
            return [c.chainId, head.hash] as const
          }),
        ),
      )
      const syncing = indexing.indexer.syncToHead()
      const moved = (await updates.next()).data?.marginUpdated
      const heardAt = performance.now()
      await syncing
      expect(moved?.equity).not.toBe(first?.equity)
      const { visibleAt } = visibility
      expect(visibleAt).toBeDefined()
      const latencyMs = heardAt - (visibleAt ?? Number.NaN)
      console.log(
        `block → SSE across processes: ${latencyMs.toFixed(1)} ms from the write that made the shocked blocks readable to the replica's event (its poll: once a minute)`,
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
})
