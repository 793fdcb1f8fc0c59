import { ApiSettingsError, type PersistedOperations, readPersistedOperations } from '@xmargin/api'
import {
  configChainSettings,
  configManifest,
  databaseLabel,
  describeConfig,
  loadConfig,
  type ResolvedConfig,
} from '@xmargin/config'
import { openConfigStore, startIndexerFromConfig } from '@xmargin/indexer'
import type { Logger } from 'pino'
import { CliError, exitCodes } from '../errors.js'
import { createCliLogger } from '../logger.js'
import { apiChainsFromSpecs, createChains } from '../runtime/create-chains.js'
import { onShutdown } from '../runtime/on-shutdown.js'
import { attestationFromConfig } from '../runtime/signer-key.js'
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
  /** Persisted operations file (overrides `api.persistedOperations.file`). */
  persistedOperations?: string | undefined
  /** Serve persisted operations only (with the config's file or `--persisted-operations`). */
  persistedOnly?: boolean | undefined
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
  // Checked before anything connects, --dry-run included.
  const attestation = mode === 'index' ? undefined : attestationFromConfig(config.attestation)
  const persistedOperations = mode === 'index' ? undefined : persistedOperationsOf(config, options)
  if (options.dryRun) {
    process.stdout.write(describePlan(mode, config, port, persistedOperations))
    return
  }
  const logger = createCliLogger({ level: options.logLevel })
  if (mode === 'index') return runIndex(config, logger, options.progress)
  const store = await openConfigStore(config)
  try {
    const chains = { manifest: configManifest(config), settings: configChainSettings(config), logger }
    // `serve` reads the database alone: no adapters, so no RPC (the chains may all be down).
    const indexerChains = mode === 'serve' ? undefined : (await createChains(chains)).indexerChains
    const services = await startServices({
      store,
      logger,
      indexerChains,
      retainHistorySeconds: config.store.retainHistorySeconds,
      progress: options.progress ? undefined : false,
      api: {
        chains: apiChainsFromSpecs(chains),
        port,
        host: config.api.host,
        riskParameters: config.riskParameters,
        priceImpact: config.priceImpact,
        margin: config.margin,
        attestation,
        adminKey: config.api.adminKey,
        development: config.api.graphiql,
        autoTrack: config.api.autoTrack,
        introspection: config.api.introspection,
        cors: config.api.cors,
        limits: config.api.limits,
        engineThreads: config.api.engineThreads,
        trustedProxies: config.api.trustedProxies,
        persistedOperations,
      },
    })
    logger.info(
      {
        mode,
        // Log lines cut URLs to their origin (secrets live in provider paths); the API's own path
        // is not secret, so it is logged beside it.
        url: services.url ?? null,
        path: services.url ? new URL(services.url).pathname : null,
        database: databaseLabel(config.database),
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

/**
 * The persisted operations `serve`/`start` run with: `--persisted-operations <file>` or the config's
 * `api.persistedOperations.file`; persisted-only with `--persisted-only` or `only: true`. A file that
 * cannot be read, or whose ids are not the sha256 of their documents, is a config error (exit 3).
 */
function persistedOperationsOf(
  config: ResolvedConfig,
  options: NetworkOptions,
): { operations: PersistedOperations; only: boolean } | undefined {
  const file = options.persistedOperations ?? config.api.persistedOperations?.file
  const only = options.persistedOnly === true || config.api.persistedOperations?.only === true
  if (!file) {
    if (only)
      throw new CliError(
        '--persisted-only needs persisted operations: pass --persisted-operations <file> or set api.persistedOperations.file.',
        { exitCode: exitCodes.usage },
      )
    return undefined
  }
  try {
    return { operations: readPersistedOperations(file), only }
  } catch (error) {
    if (error instanceof ApiSettingsError)
      throw new CliError(error.shortMessage, { exitCode: exitCodes.config, cause: error })
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
    { mode: 'index', url: null, database: databaseLabel(config.database), chains: config.chains.length },
    'running',
  )
}

/**
 * What `index|serve|start` would run with this config (the `--dry-run` output).
 *
 * @example
 * process.stdout.write(describePlan('start', config, 4000))
 */
export function describePlan(
  mode: NetworkMode,
  config: ResolvedConfig,
  port: number,
  persisted?: { operations: PersistedOperations; only: boolean } | undefined,
): string {
  const fields: [string, string][] = [
    ['mode', mode],
    ['database', databaseLabel(config.database)],
  ]
  if (mode !== 'index') {
    const { api, attestation } = config
    fields.push(
      ['api', `http://${api.host}:${port}/graphql${api.graphiql ? ' (GraphiQL)' : ''}`],
      [
        'access',
        [
          `cors ${api.cors.length > 0 ? api.cors.join(', ') : 'off'}`,
          `introspection ${api.introspection ? 'on' : 'off'}`,
          persisted
            ? `${Object.keys(persisted.operations).length} persisted operations${persisted.only ? ' only' : ''}`
            : 'any operation',
        ].join('; '),
      ],
      [
        'signer',
        `${config.signerKeyEnv} ${process.env[config.signerKeyEnv] ? 'set' : 'unset (attestations off)'}` +
          (attestation.deploymentId ? `; domain xmargin/${attestation.deploymentId}` : '') +
          (attestation.signer ? `; published signer ${attestation.signer}` : ''),
      ],
    )
  }
  return describeConfig({ config, fields })
}
