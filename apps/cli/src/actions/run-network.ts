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
 * prints the plan and returns without connecting).
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
      logger,
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
export function describePlan(mode: NetworkMode, config: ResolvedConfig, port: number): string {
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
    // Only the origin of the WebSocket URL: providers put the API key in the path.
    const heads = c.webSocketUrl
      ? `WebSocket (${new URL(c.webSocketUrl).origin}; polling as fallback)`
      : 'polling'
    lines.push(
      `    ${c.name} (${c.chainId}): ${c.rpcUrls.length} RPC URL(s), finality ${c.useFinalizedTag ? 'finalized tag, else ' : ''}${c.finalityDepth} blocks, ${c.tokens.length} tokens, venues: ${venues || 'wallet only'}, heads by ${heads}`,
    )
  }
  lines.push(
    `  wallets   ${config.wallets.length} tracked, ${config.accounts.length} account(s)`,
    `  risk      ${Object.keys(config.riskParameters.assets).length} assets, ${Object.keys(config.riskParameters.factors).length} factors`,
  )
  return `${lines.join('\n')}\n`
}
