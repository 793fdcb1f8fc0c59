import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DevnetManifest } from '@xmargin/devnet'
import { createStore, type Store } from '@xmargin/store'
import { pino } from 'pino'
import { createPublicClient, http, type PublicClient } from 'viem'
import { indexerChainsFromSpecs } from '../../src/chains-from-specs.js'
import { createIndexer, type Indexer } from '../../src/create-indexer.js'
import type { IndexerChain } from '../../src/types.js'
import { registerDevnet } from './register-devnet.js'

export type IndexerFixture = {
  store: Store
  indexer: Indexer
  chains: IndexerChain[]
  clients: Map<number, PublicClient>
  dbPath: string
  close: () => Promise<void>
}

/**
 * A real SQLite file in a temp dir, every devnet chain with the manifest's adapters, the demo
 * wallets tracked from "config", and an indexer over them. `rpcUrlOf` routes a chain through a
 * fault proxy when a test wants one.
 */
export async function createIndexerFixture(
  manifest: DevnetManifest,
  options: {
    rpcUrlOf?: (chainId: number) => string
    dbPath?: string
    retryCount?: number
    /** Per-request timeout, ms (default 2,000: faults tests rely on timeouts surfacing quickly). */
    timeoutMs?: number
    /** Head poll interval of `indexer.run()`, ms (default 50). */
    pollingIntervalMs?: number
    /** Follow heads over WebSocket too. */
    webSocket?: boolean
    chainOverrides?: Partial<IndexerChain>
  } = {},
): Promise<IndexerFixture> {
  // A temp dir only for a database of its own: the crash test's children index into the test's file
  // and are killed before any close, which left an empty dir behind per child.
  const dir = options.dbPath === undefined ? mkdtempSync(join(tmpdir(), 'xmargin-indexer-')) : undefined
  const dbPath = options.dbPath ?? join(dir!, 'xmargin.db')
  const store = createStore({ path: dbPath })
  await registerDevnet(store, manifest)
  const clients = new Map<number, PublicClient>()
  for (const chain of manifest.chains) {
    const url = options.rpcUrlOf?.(chain.chainId) ?? chain.rpcUrl
    const client = createPublicClient({
      transport: http(url, {
        retryCount: options.retryCount ?? 3,
        retryDelay: 20,
        timeout: options.timeoutMs ?? 2_000,
      }),
      cacheTime: 0,
    }) as PublicClient
    clients.set(chain.chainId, client)
  }
  const chains = await indexerChainsFromSpecs({
    chains: manifest.chains,
    clientOf: (chainId) => clients.get(chainId) as PublicClient,
    // Tests count exactly which wallets a block re-reads; no periodic full refresh unless asked.
    settings: { fullRefreshBlocks: 1_000_000, ...options.chainOverrides },
    webSocket: options.webSocket ?? false,
  })
  const indexer = createIndexer({
    store,
    chains,
    logger: pino({ level: 'silent' }),
    pollingIntervalMs: options.pollingIntervalMs ?? 50,
  })
  return {
    store,
    indexer,
    chains,
    clients,
    dbPath,
    close: async () => {
      await indexer.stop()
      store.close()
      if (dir) rmSync(dir, { recursive: true, force: true })
    },
  }
}
