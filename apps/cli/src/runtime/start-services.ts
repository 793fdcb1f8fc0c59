import {
  type ApiChain,
  type AutoTrackLimits,
  type CreateApiServerParameters,
  createApiServer,
  createBlockEventEmitter,
  createStoreBlockEvents,
} from '@xmargin/api'
import type { RiskParameters } from '@xmargin/core'
import { type Indexer, type IndexerChain, startIndexer } from '@xmargin/indexer'
import type { Store } from '@xmargin/store'
import { webAssetsDir } from '@xmargin/web'
import type { Logger } from 'pino'
import { createSyncProgress } from '../ui/sync-progress.js'

/** Parameters of {@link startServices}. */
export type StartServicesParameters = {
  store: Store
  logger: Logger
  /** Run the indexer over these chains (first sync with progress bars, then follow). */
  indexerChains?: readonly IndexerChain[] | undefined
  /** History the indexer keeps below each chain's finalized block, seconds (config `store.retainHistoryDays`). */
  retainHistorySeconds?: number | undefined
  /** The indexer's writer lease timeout, ms (config `store.writerLockTimeoutSeconds`; default the indexer's). */
  writerLockTimeoutMs?: number | undefined
  /** Serve the API over these chains. */
  api?:
    | ({
        chains: readonly ApiChain[]
        port: number
        host: string
        riskParameters: RiskParameters
        adminKey: string | undefined
        /** GraphiQL at /graphiql. */
        development: boolean
        /** Auto-tracking of wallets asked about (with the indexer in this process); API defaults otherwise. */
        autoTrack?: Partial<AutoTrackLimits> | undefined
      } & Pick<
        CreateApiServerParameters,
        | 'attestation'
        | 'margin'
        | 'cors'
        | 'introspection'
        | 'limits'
        | 'persistedOperations'
        | 'engineThreads'
        | 'trustedProxies'
        | 'priceImpact'
      >)
    | undefined
  pollingIntervalMs?: number | undefined
  progress?: boolean | undefined
}
/** Return type of {@link startServices}. */
export type StartServicesReturnType = {
  indexer: Indexer | undefined
  /** The indexer's follow loop (`startIndexer`'s `running`): ends at `stop()` or when it loses its writer lease. */
  running: Promise<void> | undefined
  /** The GraphQL endpoint, when the API runs. */
  url: string | undefined
  /** Stops the indexer, then closes the server. The store stays open (the caller owns it). */
  stop: () => Promise<void>
}

/**
 * Runs the indexer and/or the API (with the web dashboard at `/`) in this process over one store: the indexer's blocks drive the
 * API's subscriptions and its status drives the API's freshness. Without the indexer (`serve`), the
 * subscriptions follow the blocks another process commits to the store (`store.watchBlocks`). The API starts after the first
 * sync, so it never answers over a half-indexed database.
 *
 * @example
 * const services = await startServices({ store, logger, indexerChains, api: { chains, port: 4000, … } })
 * console.log(services.url)
 * await services.stop()
 */
export async function startServices(parameters: StartServicesParameters): Promise<StartServicesReturnType> {
  const { store, logger } = parameters
  const blockEvents = createBlockEventEmitter()
  let indexer: Indexer | undefined
  let following: Promise<void> | undefined
  const indexerLogger = logger.child({ component: 'indexer' })
  // Stopping races the chains going away (Ctrl-C reaches a devnet's anvils too): no error logs then.
  const stopIndexer = async () => {
    indexerLogger.level = 'silent'
    await indexer?.stop()
  }
  if (parameters.indexerChains) {
    const chains = parameters.indexerChains
    const progress = createSyncProgress({ chains, enabled: parameters.progress })
    try {
      const started = await startIndexer({
        store,
        chains,
        logger: indexerLogger,
        pollingIntervalMs: parameters.pollingIntervalMs,
        retainHistorySeconds: parameters.retainHistorySeconds,
        writerLockTimeoutMs: parameters.writerLockTimeoutMs,
        onProgress: progress.onProgress,
        onChainSynced: progress.onChainSynced,
        ...blockEvents.indexerHooks,
      })
      indexer = started.indexer
      following = started.running
    } finally {
      progress.stop()
    }
  }
  const apiOptions = parameters.api
  if (!apiOptions) return { indexer, running: following, url: undefined, stop: stopIndexer }
  const running = indexer
  const apiLogger = logger.child({ component: 'api' })
  const api = createApiServer({
    store,
    chains: apiOptions.chains,
    riskParameters: apiOptions.riskParameters,
    priceImpact: apiOptions.priceImpact,
    margin: apiOptions.margin,
    indexerStatus: running ? () => running.status() : undefined,
    attestation: apiOptions.attestation,
    adminKey: apiOptions.adminKey,
    // A wallet asked about before it is tracked is read by this indexer at once (none: not-tracked).
    readWallets: running ? (wallets) => running.readWallets(wallets) : undefined,
    autoTrack: apiOptions.autoTrack,
    // Without the indexer here (`serve`), blocks come from the one another process writes to the store.
    blockEvents: running
      ? blockEvents
      : createStoreBlockEvents({
          store,
          onError: (error) => apiLogger.warn({ err: error }, 'could not look for new blocks in the store'),
        }),
    logger: apiLogger,
    development: apiOptions.development,
    // The web dashboard at / (built by `pnpm build`; bash scripts/run.sh builds it).
    dashboardDir: webAssetsDir,
    introspection: apiOptions.introspection,
    cors: apiOptions.cors,
    limits: apiOptions.limits,
    persistedOperations: apiOptions.persistedOperations,
    engineThreads: apiOptions.engineThreads,
    trustedProxies: apiOptions.trustedProxies,
  })
  let url: string
  try {
    // Ready means answering at once: the first request must not wait for the engine's workers to
    // load it (seconds on a busy machine), so the caller's banner comes after both.
    const [listening] = await Promise.all([api.listen(apiOptions.port, apiOptions.host), api.engine.ready()])
    url = listening
  } catch (error) {
    await stopIndexer()
    throw error
  }
  return {
    indexer,
    running: following,
    url,
    stop: async () => {
      await stopIndexer()
      await api.close()
    },
  }
}
