import {
  configChainSettings,
  configManifest,
  describeConfig,
  loadConfig,
  type ResolvedConfig,
} from '@xmargin/config'
import { openConfigStore, startIndexerFromConfig } from '@xmargin/indexer'
import type { Logger } from 'pino'
import { createCliLogger } from '../logger.js'
import { createChains } from '../runtime/create-chains.js'
import { onShutdown } from '../runtime/on-shutdown.js'
import { signerKeyFromEnv } from '../runtime/signer-key.js'
import { startServices } from '../runtime/start-services.js'
import { createSyncProgress } from '../ui/sync-progress.js'

/** Which services `index`, `serve` and `start` run. */
export type NetworkMode = 'index' | 'serve' | 'start'
/** Options of `xmargin index|serve|start`. */
export type NetworkOptions = {
  config: string
  dryRun?: boolean
  port?: number
  logLevel: string
  progress: boolean
}

/**
 * Runs `xmargin index|serve|start --config <file>` until SIGINT/SIGTERM (or, with `--dry-run`,
 * prints the plan and returns without connecting). `index` runs the indexer exactly as the
 * `xmargin-indexer` daemon does (`startIndexerFromConfig`), with progress bars in a terminal.
 *
 * @example
 * await runNetwork('start', { config: 'xmargin.config.ts', logLevel: 'info', progress: true })
 */
export async function runNetwork(mode: NetworkMode, options: NetworkOptions): Promise<void> {
  const config = await loadConfig({ file: options.config })
  const port = options.port ?? config.api.port
  if (options.dryRun) {
    process.stdout.write(describePlan(mode, config, port))
    return
  }
  const logger = createCliLogger({ level: options.logLevel })
  if (mode === 'index') return runIndex(config, logger, options.progress)
  const signerKey = signerKeyFromEnv(config.signerKeyEnv)
  const store = await openConfigStore(config)
  try {
    const { indexerChains, apiChains } = await createChains({
      manifest: configManifest(config),
      settings: configChainSettings(config),
      logger,
    })
    const services = await startServices({
      store,
      logger,
      indexerChains: mode === 'serve' ? undefined : indexerChains,
      progress: options.progress ? undefined : false,
      api: {
        chains: apiChains,
        port,
        host: config.api.host,
        riskParameters: config.riskParameters,
        signerKey,
        adminKey: config.api.adminKey,
        development: config.api.graphiql,
        autoTrack: config.api.autoTrack,
      },
    })
    logger.info(
      {
        mode,
        // Log lines cut URLs to their origin (secrets live in provider paths); the API's own path
        // is not secret, so it is logged beside it.
        url: services.url ?? null,
        path: services.url ? new URL(services.url).pathname : null,
        database: config.databasePath,
        chains: config.chains.length,
      },
      'running',
    )
    onShutdown({
      logger,
      stop: async () => {
        await services.stop()
        store.close()
      },
    })
  } catch (error) {
    store.close()
    throw error
  }
}

/** `xmargin index`: the daemon's code path, progress bars in a terminal. */
async function runIndex(config: ResolvedConfig, logger: Logger, progressBars: boolean): Promise<void> {
  const progress = createSyncProgress({ chains: config.chains, enabled: progressBars ? undefined : false })
  // A signal during the first sync stops it promptly (a backfill between two getLogs chunks, what it
  // scanned committed), then closes the store; after it, it stops the follow loop.
  const controller = new AbortController()
  const starting = startIndexerFromConfig({
    config,
    logger: logger.child({ component: 'indexer' }),
    onProgress: progress.onProgress,
    onChainSynced: progress.onChainSynced,
    signal: controller.signal,
  })
  onShutdown({
    logger,
    stop: async () => {
      controller.abort()
      await (await starting).stop()
    },
  })
  try {
    await starting
  } finally {
    progress.stop()
  }
  if (controller.signal.aborted) return
  logger.info(
    { mode: 'index', url: null, database: config.databasePath, chains: config.chains.length },
    'running',
  )
}

/**
 * What `index|serve|start` would run with this config (the `--dry-run` output).
 *
 * @example
 * process.stdout.write(describePlan('start', config, 4000))
 */
export function describePlan(mode: NetworkMode, config: ResolvedConfig, port: number): string {
  const fields: [string, string][] = [
    ['mode', mode],
    ['database', config.databasePath],
  ]
  if (mode !== 'index')
    fields.push(
      ['api', `http://${config.api.host}:${port}/graphql${config.api.graphiql ? ' (GraphiQL)' : ''}`],
      [
        'signer',
        `${config.signerKeyEnv} ${process.env[config.signerKeyEnv] ? 'set' : 'unset (attestations off)'}`,
      ],
    )
  return describeConfig({ config, fields })
}
