import { configChainSettings, configChainSpecs, type ResolvedConfig } from '@xmargin/config'
import type { Store } from '@xmargin/store'
import type { Logger } from 'pino'
import type { BoundIndexerChain } from './bind-indexer-chains.js'
import { indexerChainsFromSettings } from './chains-from-settings.js'
import type { Indexer } from './create-indexer.js'
import { openConfigStore } from './open-config-store.js'
import { type StartIndexerParameters, startIndexer } from './start-indexer.js'

/** Parameters of {@link startIndexerFromConfig}. */
export type StartIndexerFromConfigParameters = Pick<
  StartIndexerParameters,
  | 'pollingIntervalMs'
  | 'onProgress'
  | 'onChainSynced'
  | 'onBlock'
  | 'onClock'
  | 'signal'
  | 'standby'
  | 'standbyPollMs'
  | 'writerLockTimeoutMs'
> & {
  /** A loaded config (`loadConfig`): its chains, database, wallets and accounts. */
  config: Pick<ResolvedConfig, 'chains' | 'database' | 'store' | 'wallets' | 'accounts'>
  logger: Logger
}
/** Return type of {@link startIndexerFromConfig}. */
export type StartIndexerFromConfigReturnType = {
  store: Store
  chains: BoundIndexerChain[]
  indexer: Indexer
  /**
   * Resolves when the indexer stops following the heads: after `stop()`, or on its own when another
   * indexer took its chains over (its writer lease was lost); at once when `signal` ended the start.
   */
  running: Promise<void>
  /** Stops following the heads (the current step finishes), then closes the store. */
  stop: () => Promise<void>
}

/**
 * The indexer of a config, as `xmargin index` and the `xmargin-indexer` daemon both run it: opens
 * and migrates the config's SQLite file (registering its chains, tracking its wallets and
 * accounts), builds the chains from the config's settings (`indexerChainsFromSettings`), runs the
 * first sync, then follows the heads until `stop()`, keeping `store.retainHistoryDays` of history below
 * each chain's finalized block, its writer lease timing out after `store.writerLockTimeoutSeconds`. With `signal` aborted during start, it returns
 * without following (call `stop()` to close the store).
 *
 * @example
 * const config = await loadConfig({ file: 'xmargin.config.ts' })
 * const indexer = await startIndexerFromConfig({ config, logger })
 * process.once('SIGTERM', () => void indexer.stop())
 */
export async function startIndexerFromConfig(
  parameters: StartIndexerFromConfigParameters,
): Promise<StartIndexerFromConfigReturnType> {
  const { config, logger } = parameters
  const store = await openConfigStore(config)
  try {
    const chains = await indexerChainsFromSettings({
      chains: configChainSpecs(config),
      settings: configChainSettings(config),
      logger,
    })
    const { indexer, running } = await startIndexer({
      ...parameters,
      store,
      chains,
      logger,
      retainHistorySeconds: config.store.retainHistorySeconds,
      writerLockTimeoutMs: parameters.writerLockTimeoutMs ?? config.store.writerLockTimeoutMs,
    })
    return {
      store,
      chains,
      indexer,
      running,
      stop: async () => {
        await indexer.stop()
        await running
        store.close()
      },
    }
  } catch (error) {
    store.close()
    throw error
  }
}
