import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DevnetManifest } from '@xmargin/devnet'
import { useDevnetSnapshots } from '@xmargin/devnet/vitest'
import { createIndexer, indexerChainsFromSpecs } from '@xmargin/indexer'
import { createStore, type Store } from '@xmargin/store'
import { pino } from 'pino'
import { createPublicClient, type Hex, http, type PublicClient } from 'viem'
import { afterAll, beforeAll } from 'vitest'
import { createBlockEventEmitter } from '../../src/block-events.js'
import { apiChainFromSpec } from '../../src/chain-from-spec.js'
import { type CreateApiServerParameters, createApiServer } from '../../src/create-api-server.js'
import { signerKey } from './store-fixture.js'

export type DevnetApiFixture = Awaited<ReturnType<typeof startDevnetApi>>

/**
 * One {@link startDevnetApi} per test file, inside a snapshot of every chain: started before the
 * file's tests, closed after them, then every chain reverted (clock included). Returns the getter of
 * the running fixture (it throws before the file's `beforeAll` ran). Hooks the file registers after
 * this call run inside it.
 *
 * @example
 * const f = useDevnetApi(manifest)
 * it('answers', async () => expect((await gql(f().url, QUERY)).errors).toBeUndefined())
 */
export function useDevnetApi(
  manifest: DevnetManifest,
  options?: Parameters<typeof startDevnetApi>[1],
): () => DevnetApiFixture {
  useDevnetSnapshots(manifest, { per: 'file' })
  let fixture: DevnetApiFixture | undefined
  beforeAll(async () => {
    fixture = await startDevnetApi(manifest, options)
  })
  afterAll(async () => {
    await fixture?.close()
  })
  return () => {
    if (!fixture)
      throw new Error('useDevnetApi: the fixture starts in beforeAll; read it inside a test or hook')
    return fixture
  }
}

/**
 * The real pipeline over the devnet: a SQLite file (or the given store), the indexer with the manifest's adapters (demo
 * wallets tracked), and the API on port 0 over the chain specs (no RPC), the indexer's status and
 * its blocks as subscription events, the indexer's `readWallets` for auto-tracking. `clock.offset`
 * shifts the API's and the indexer's clock (seconds). The indexer does not follow the heads on its
 * own: call `indexer.syncToHead()` after changing a chain.
 */
export async function startDevnetApi(
  manifest: DevnetManifest,
  options: {
    /** Per-chain `maxLagSeconds` (default: the manifest chains' own, an hour). */
    maxLagSeconds?: Readonly<Record<number, number>> | undefined
    /** The store to index into (default: a SQLite file in a temp dir); closed with the fixture. */
    store?: Store | undefined
    /** History the indexer keeps below the finalized blocks, seconds (default 0, as `createIndexer`). */
    retainHistorySeconds?: number | undefined
    /** What the indexer writes through (default: the store itself): a test holds one of its writes with it. */
    indexerStore?: ((store: Store) => Store) | undefined
  } = {},
  overrides: Partial<CreateApiServerParameters> = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'xmargin-api-devnet-'))
  const store = options.store ?? createStore({ path: join(dir, 'xmargin.db') })
  await store.upsertChains({
    chains: manifest.chains.map((c) => ({
      chainId: c.chainId,
      name: c.name,
      finalityDepth: 10,
      useFinalizedTag: false,
    })),
  })
  await store.trackWallets({
    wallets: manifest.wallets.map((w) => ({ address: w.address, source: 'config' as const })),
  })
  const clients = new Map<number, PublicClient>(
    manifest.chains.map((c) => [
      c.chainId,
      createPublicClient({ transport: http(c.rpcUrl), cacheTime: 0 }) as PublicClient,
    ]),
  )
  const clientOf = (chainId: number) => clients.get(chainId) as PublicClient
  const chains = (await indexerChainsFromSpecs({ chains: manifest.chains, clientOf })).map((c) => ({
    ...c,
    maxLagSeconds: options.maxLagSeconds?.[c.chainId] ?? c.maxLagSeconds,
  }))
  const clock = { offset: 0 }
  const nowMs = () => Date.now() + clock.offset * 1000
  const blockEvents = createBlockEventEmitter()
  const indexer = createIndexer({
    store: options.indexerStore?.(store) ?? store,
    chains,
    logger: pino({ level: 'silent' }),
    pollingIntervalMs: 50,
    now: nowMs,
    retainHistorySeconds: options.retainHistorySeconds,
    // As `xmargin dev` wires it.
    ...blockEvents.indexerHooks,
  })
  await indexer.syncToHead()
  // From the specs alone, as a reader of the database builds them: no RPC.
  const apiChains = manifest.chains.map((spec) =>
    apiChainFromSpec({
      spec,
      maxLagSeconds: chains.find((c) => c.chainId === spec.chainId)?.maxLagSeconds,
    }),
  )
  const createApi = (more: Partial<CreateApiServerParameters>) =>
    createApiServer({
      store,
      chains: apiChains,
      now: () => nowMs() / 1000,
      indexerStatus: () => indexer.status(),
      attestation: { privateKey: signerKey as Hex, deploymentId: 'test' },
      blockEvents,
      readWallets: (wallets) => indexer.readWallets(wallets),
      logger: pino({ level: 'silent' }),
      // The reorg tests poll every ~2 ms from one address, faster than the default per-client rate.
      limits: { rateLimitWorkPerSecond: 0 },
      ...more,
    })
  const api = createApi(overrides)
  const url = await api.listen(0)
  const extraApis: ReturnType<typeof createApi>[] = []
  return {
    store,
    indexer,
    api,
    url,
    clock,
    clients,
    /** Another API server over the same store and indexer (other settings); closed with the fixture. */
    startApi: async (more: Partial<CreateApiServerParameters>) => {
      const extra = createApi(more)
      extraApis.push(extra)
      return { url: await extra.listen(0) }
    },
    close: async () => {
      await indexer.stop()
      await api.close()
      for (const extra of extraApis) await extra.close()
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
