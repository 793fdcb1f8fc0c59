import { ApiSettingsError, type PersistedOperations, readPersistedOperations } from '@xmargin/api'
import {
  configChainSettings,
  configChainSpecs,
  databaseLabel,
  describeConfig,
  loadConfig,
  type ResolvedConfig,
  selectChains,
} from '@xmargin/config'
import { openConfigStore, startIndexerFromConfig, whenLeaseLost } from '@xmargin/indexer'
import type { Logger } from 'pino'
import type { Role } from '../commands/role-options.js'
import { CliError, exitCodes } from '../errors.js'
import { createCliLogger } from '../logger.js'
import { apiChainsFromSpecs, createChains } from '../runtime/create-chains.js'
import { onShutdown } from '../runtime/on-shutdown.js'
import { attestationFromConfig } from '../runtime/signer-key.js'
import { type StartServicesReturnType, startServices } from '../runtime/start-services.js'
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
  /** `start --role`: run only the indexer or only the API (none: both). */
  role?: Role | undefined
  /** `--chains`: the chain ids the indexer indexes, `1,42161` (default every chain of the config; `selectChains`). */
  chains?: string | undefined
}

/** The pieces one process runs: `index` the indexer, `serve` the API, `start` both or its `--role`. */
export type NetworkPieces = {
  indexer: boolean
  api: boolean
  /** A chain written by another indexer makes this one wait as a hot standby instead of exiting (`--role indexer`). */
  standby: boolean
}

/**
 * What a `mode` (and `start`'s `--role`) runs in this process.
 *
 * @example
 * networkPieces('start', 'indexer') // { indexer: true, api: false, standby: true }
 */
export function networkPieces(mode: NetworkMode, role: Role | undefined): NetworkPieces {
  if (mode === 'index') return { indexer: true, api: false, standby: false }
  if (mode === 'serve') return { indexer: false, api: true, standby: false }
  if (role === 'indexer') return { indexer: true, api: false, standby: true }
  if (role === 'api') return { indexer: false, api: true, standby: false }
  return { indexer: true, api: true, standby: false }
}

/**
 * Runs `xmargin index|serve|start --config <file>` until SIGINT/SIGTERM (or, with `--dry-run`,
 * prints the plan and returns without connecting). `index` runs the indexer exactly as the
 * `xmargin-indexer` daemon does (`startIndexerFromConfig`), with progress bars in a terminal. A
 * process that indexes and loses its writer lease to another indexer stops everything it runs (an API
 * beside the indexer too) and rejects with `IndexerStoppedError` (exit 1), as the daemon does
 * (`whenLeaseLost`).
 *
 * @example
 * await runNetwork('start', { config: 'xmargin.config.ts', logLevel: 'info', progress: true })
 */
export async function runNetwork(mode: NetworkMode, options: NetworkOptions): Promise<void> {
  const loaded = await loadConfig({ file: options.config })
  const pieces = networkPieces(mode, options.role)
  // --chains picks an indexer's chains; an API beside it would report the others as never indexed.
  if (options.chains && pieces.api)
    throw new CliError(
      pieces.indexer
        ? '--chains needs --role indexer: an API in the same process serves every chain of the config.'
        : '--chains picks the chains an indexer writes; --role api serves every chain of the config.',
      { exitCode: exitCodes.usage },
    )
  // The indexer's chains (`--chains`, only where no API runs): every chain of the config by default.
  const indexed = selectChains({ chains: loaded.chains, selection: options.chains })
  const config = { ...loaded, chains: indexed }
  const port = options.port ?? config.api.port
  // Checked before anything connects, --dry-run included.
  const attestation = pieces.api ? attestationFromConfig(config.attestation) : undefined
  const persistedOperations = pieces.api ? persistedOperationsOf(config, options) : undefined
  if (options.dryRun) {
    process.stdout.write(
      describePlan(mode, config, port, persistedOperations, {
        role: options.role,
        indexed: options.chains ? indexed : undefined,
      }),
    )
    return
  }
  const logger = createCliLogger({ level: options.logLevel })
  if (!pieces.api) return runIndex(config, logger, options.progress, pieces.standby, options.role)
  // The API alone writes nothing: the chains, wallets and accounts are the indexer's to register.
  const store = await openConfigStore(config, { register: pieces.indexer })
  let services: StartServicesReturnType
  try {
    const chains = { chains: configChainSpecs(config), settings: configChainSettings(config), logger }
    // `serve` reads the database alone: no adapters, so no RPC (the chains may all be down).
    const indexerChains = pieces.indexer ? (await createChains(chains)).indexerChains : undefined
    services = await startServices({
      store,
      logger,
      indexerChains,
      retainHistorySeconds: config.store.retainHistorySeconds,
      writerLockTimeoutMs: config.store.writerLockTimeoutMs,
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
  } catch (error) {
    store.close()
    throw error
  }
  logger.info(
    {
      mode,
      role: options.role ?? null,
      // Log lines cut URLs to their origin (secrets live in provider paths); the API's own path
      // is not secret, so it is logged beside it.
      url: services.url ?? null,
      path: services.url ? new URL(services.url).pathname : null,
      database: databaseLabel(config.database),
      chains: config.chains.length,
    },
    'running',
  )
  const stop = async () => {
    await services.stop()
    store.close()
  }
  onShutdown({ logger, stop })
  // An API beside an indexer that lost its chains would serve, as live, data nobody writes any more.
  const { indexer, running } = services
  const lost = indexer && running && (await whenLeaseLost({ indexer, running, logger }))
  if (!lost) return
  await stop()
  throw lost
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

/**
 * `xmargin index` and `start --role indexer`: the daemon's code path, progress bars in a terminal. With
 * `standby`, a chain another indexer writes makes it wait (logging `standby`) and take over once that
 * indexer stops or dies, instead of exiting with `WriterLockedError`. Rejects with `IndexerStoppedError`
 * once another indexer took one of its chains over (`whenLeaseLost`).
 */
async function runIndex(
  config: ResolvedConfig,
  logger: Logger,
  progressBars: boolean,
  standby: boolean,
  role: Role | undefined,
): Promise<void> {
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
    standby,
  })
  const stop = async () => {
    controller.abort()
    await (await starting).stop()
  }
  onShutdown({ logger, stop })
  let started: Awaited<typeof starting>
  try {
    started = await starting
  } finally {
    progress.stop()
  }
  if (controller.signal.aborted) return
  logger.info(
    {
      mode: role ? 'start' : 'index',
      role: role ?? null,
      url: null,
      database: databaseLabel(config.database),
      chains: config.chains.length,
      chain_ids: config.chains.map((c) => c.chainId),
    },
    'running',
  )
  const lost = await whenLeaseLost({ indexer: started.indexer, running: started.running, logger })
  if (!lost) return
  await stop()
  throw lost
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
  selection: { role?: Role | undefined; indexed?: readonly { chainId: number }[] | undefined } = {},
): string {
  const pieces = networkPieces(mode, selection.role)
  const fields: [string, string][] = [['mode', mode]]
  if (selection.role)
    fields.push([
      'role',
      `${selection.role}${pieces.standby ? ' (hot standby while another indexer writes a chain)' : ''}`,
    ])
  if (selection.indexed) fields.push(['indexes', selection.indexed.map((c) => c.chainId).join(', ')])
  fields.push(['database', databaseLabel(config.database)])
  if (pieces.api) {
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
