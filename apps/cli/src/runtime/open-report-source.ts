import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { type CreateApiServerReturnType, createApiServer } from '@xmargin/api'
import { configChainSettings, configChainSpecs, loadConfig } from '@xmargin/config'
import { defaultManifestPath, readManifest } from '@xmargin/devnet'
import { createPostgresStore, createStore, type Store } from '@xmargin/store'
import { pino } from 'pino'
import { CliError, exitCodes } from '../errors.js'
import { apiChainsFromSpecs } from './create-chains.js'
import { devRiskParameters } from './dev-price-age.js'
import { devnetChainSettings } from './devnet-settings.js'

/** Where a report reads from: a config file, or the running `xmargin dev` (manifest + database). */
export type OpenReportSourceParameters = {
  config?: string | undefined
  /** Database file; default the config's, or `.xmargin/dev.db`. */
  db?: string | undefined
  /** Devnet manifest when no config is given; default `.xmargin/devnet.json`. */
  manifest?: string | undefined
  /** Clock of the reports, unix seconds (options are priced at it). Default the wall clock. */
  now?: (() => number) | undefined
}
/** Return type of {@link openReportSource}. */
export type ReportSource = {
  store: Store
  api: CreateApiServerReturnType
  chainNames: ReadonlyMap<number, string>
  close: () => Promise<void>
}

/** Default database of `xmargin dev`: `.xmargin/dev.db` at the repository root, beside the manifest. */
export const DEV_DB_PATH = join(dirname(defaultManifestPath), 'dev.db')

/**
 * Opens what `margin` and `stress` read: the SQLite file the indexer writes (positions stored as the
 * engine takes them), the chains' specs (from the config, or from the running devnet's manifest),
 * and the API built over them in this process. Needs neither the RPCs nor the API's port: with the
 * chains down it reports what is stored, flagged stale by the freshness rule.
 *
 * @example
 * const source = await openReportSource({ manifest: '.xmargin/devnet.json' })
 * await source.close()
 */
export async function openReportSource(parameters: OpenReportSourceParameters): Promise<ReportSource> {
  const config = parameters.config ? await loadConfig({ file: parameters.config }) : undefined
  let manifestPath: string | undefined
  if (!config) {
    manifestPath = parameters.manifest ?? defaultManifestPath
    if (!existsSync(manifestPath))
      throw new CliError(`No running devnet: ${manifestPath} not found.`, {
        details: 'Start `xmargin dev` (pnpm dev) in another terminal, or pass --config <file>.',
        exitCode: exitCodes.unavailable,
      })
  }
  const database =
    parameters.db === undefined && config?.database.dialect === 'postgresql' ? config.database : undefined
  const dbPath = resolve(
    parameters.db ?? (config?.database.dialect === 'sqlite' ? config.database.path : DEV_DB_PATH),
  )
  if (!database && !existsSync(dbPath))
    throw new CliError(`No database at ${dbPath}.`, {
      details:
        'Run the indexer first (`xmargin dev`, `xmargin index` or `xmargin start`), or pass --db <path>.',
      exitCode: exitCodes.unavailable,
    })
  const devnet = config ? undefined : readManifest(manifestPath)
  const chains = devnet?.chains ?? configChainSpecs(config!)
  const settings = devnet ? devnetChainSettings(devnet) : configChainSettings(config!)
  const apiChains = apiChainsFromSpecs({ chains, settings })
  const store = database ? await createPostgresStore({ url: database.url }) : createStore({ path: dbPath })
  const api = createApiServer({
    store,
    chains: apiChains,
    // Over the running `xmargin dev`: its price-age limit (`--max-price-age`), so staleness agrees.
    riskParameters: config?.riskParameters ?? devRiskParameters(manifestPath!),
    priceImpact: config?.priceImpact,
    margin: config?.margin,
    logger: pino({ level: 'silent' }),
    now: parameters.now,
    // The user's own process, no port: no work budget and no rate limit (they protect a server from
    // its clients; here every request would share the one 'unknown' client key, on a clock that may be fixed).
    limits: { maxWork: Number.MAX_SAFE_INTEGER, rateLimitWorkPerSecond: 0 },
    // One report per command: a worker pool would only add its start-up time.
    engineThreads: 0,
  })
  return {
    store,
    api,
    chainNames: new Map(apiChains.map((c) => [c.chainId, c.name])),
    close: async () => {
      await api.close()
      await store.close()
    },
  }
}
