import type { Command } from 'commander'
import { loadConfig } from '../config/load-config.js'
import type { ResolvedConfig } from '../config/resolved-config.js'
import { createCliLogger } from '../logger.js'
import { configManifest } from '../runtime/config-manifest.js'
import { configChainSettings } from '../runtime/config-settings.js'
import { createChains } from '../runtime/create-chains.js'
import { onShutdown } from '../runtime/on-shutdown.js'
import { openStore } from '../runtime/open-store.js'
import { signerKeyFromEnv } from '../runtime/signer-key.js'
import { startServices } from '../runtime/start-services.js'
import { parsePort } from './parse-options.js'

type Mode = 'index' | 'serve' | 'start'
type NetworkOptions = { config: string; dryRun?: boolean; port?: number; logLevel: string; progress: boolean }

const descriptions: Record<Mode, string> = {
  index: 'run the indexer alone against the chains of a config file',
  serve: 'serve the GraphQL API alone over the database of a config file',
  start: 'run the indexer and the API together (real networks)',
}

/**
 * `xmargin index|serve|start --config <file>`: the indexer, the API, or both, for real networks.
 * `--dry-run` loads and validates the config, prints what would run, and connects to nothing.
 *
 * @example
 * addNetworkCommands(program)
 */
export function addNetworkCommands(program: Command): void {
  for (const mode of ['index', 'serve', 'start'] as const) {
    const command = program
      .command(mode)
      .description(descriptions[mode])
      .requiredOption('-c, --config <file>', 'xmargin.config.ts')
      .option('--dry-run', 'validate the config and print the plan without connecting')
      .option('--log-level <level>', 'pino level (trace, debug, info, warn, error)', 'info')
      .option('--no-progress', 'no progress bars')
    if (mode !== 'index') command.option('--port <port>', 'API port (overrides the config)', parsePort)
    command.action(async (options: NetworkOptions) => runNetwork(mode, options))
  }
}

async function runNetwork(mode: Mode, options: NetworkOptions): Promise<void> {
  const config = await loadConfig({ file: options.config })
  const port = options.port ?? config.api.port
  if (options.dryRun) {
    process.stdout.write(describePlan(mode, config, port))
    return
  }
  const logger = createCliLogger({ level: options.logLevel })
  const signerKey = signerKeyFromEnv(config.signerKeyEnv)
  const store = await openStore({
    path: config.databasePath,
    chains: config.chains.map((c) => ({
      chainId: c.chainId,
      name: c.name,
      finalityDepth: c.finalityDepth,
      useFinalizedTag: c.useFinalizedTag,
    })),
    wallets: config.wallets,
    accounts: config.accounts,
  })
  try {
    const { indexerChains, apiChains } = await createChains({
      manifest: configManifest(config),
      settings: configChainSettings(config),
    })
    const services = await startServices({
      store,
      logger,
      indexerChains: mode === 'serve' ? undefined : indexerChains,
      progress: options.progress ? undefined : false,
      api:
        mode === 'index'
          ? undefined
          : {
              chains: apiChains,
              port,
              host: config.api.host,
              riskParameters: config.riskParameters,
              signerKey,
              adminKey: config.api.adminKey,
              development: config.api.graphiql,
            },
    })
    logger.info(
      { mode, url: services.url ?? null, database: config.databasePath, chains: config.chains.length },
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
 * What `index|serve|start` would run with this config (the `--dry-run` output).
 *
 * @example
 * process.stdout.write(describePlan('start', config, 4000))
 */
export function describePlan(mode: Mode, config: ResolvedConfig, port: number): string {
  const lines = [`${config.file}: valid`, `  mode      ${mode}`, `  database  ${config.databasePath}`]
  if (mode !== 'index')
    lines.push(
      `  api       http://${config.api.host}:${port}/graphql${config.api.graphiql ? ' (GraphiQL)' : ''}`,
      `  signer    ${config.signerKeyEnv} ${process.env[config.signerKeyEnv] ? 'set' : 'unset (attestations off)'}`,
    )
  lines.push('  chains')
  for (const c of config.chains) {
    const venues = [
      c.aaveV3 ? 'aave-v3' : '',
      c.morphoBlue ? `morpho-blue (${c.morphoBlue.markets.length} markets)` : '',
    ]
      .filter(Boolean)
      .join(', ')
    lines.push(
      `    ${c.name} (${c.chainId}): ${c.rpcUrls.length} RPC URL(s), finality ${c.useFinalizedTag ? 'finalized tag, else ' : ''}${c.finalityDepth} blocks, ${c.tokens.length} tokens, venues: ${venues || 'wallet only'}`,
    )
  }
  lines.push(
    `  wallets   ${config.wallets.length} tracked, ${config.accounts.length} account(s)`,
    `  risk      ${Object.keys(config.riskParameters.assets).length} assets, ${Object.keys(config.riskParameters.factors).length} factors`,
  )
  return `${lines.join('\n')}\n`
}
