import { rmSync } from 'node:fs'
import { resolve } from 'node:path'
import { adminKeyProblem, defaultRetainHistorySeconds } from '@xmargin/config'
import { finalityOf } from '@xmargin/core'
import {
  defaultManifestPath,
  seedPriceHistory,
  startDevnet,
  startFeedHeartbeat,
  writeManifest,
} from '@xmargin/devnet'
import { openStore } from '@xmargin/store'
import { CliError, exitCodes } from '../errors.js'
import { createCliLogger } from '../logger.js'
import { createChains } from '../runtime/create-chains.js'
import { DEV_DEPLOYMENT_ID, devKeys } from '../runtime/dev-keys.js'
import { resolveDevPriceAge, writeDevSettings } from '../runtime/dev-price-age.js'
import { devnetChainSettings } from '../runtime/devnet-settings.js'
import { onShutdown } from '../runtime/on-shutdown.js'
import { DEV_DB_PATH } from '../runtime/open-report-source.js'
import { startServices } from '../runtime/start-services.js'
import { printDevBanner } from '../ui/dev-banner.js'

/** Options of `xmargin dev`. */
export type DevOptions = {
  port: number
  host: string
  rpcPorts: [number, number, number]
  blockTime: number
  /** Default 60 s, or a third of `maxPriceAge` (see `resolveDevPriceAge`). */
  heartbeat?: number | undefined
  /** Seconds after which any feed's price is stale; the risk parameters' default when omitted. */
  maxPriceAge?: number | undefined
  db?: string | undefined
  manifest?: string | undefined
  logLevel: string
  progress: boolean
  /** Also open the devnet's cascade wallets and track them (`--cascade-wallets`). */
  cascadeWallets?: boolean | undefined
  /** Days of seeded price history, all indexed (`--history-days`; default 0: none). */
  historyDays?: number | undefined
}

/**
 * Runs `xmargin dev` until SIGINT/SIGTERM: the devnet, the indexer (first sync with progress bars)
 * and the API over a fresh SQLite file, with an admin key and an attestation key generated for the
 * run unless given (`devKeys`); prints the GraphQL URL, the keys and the demo wallets.
 *
 * @example
 * await runDev({ port: 4000, host: '127.0.0.1', rpcPorts: [8545, 8546, 8547], blockTime: 2, maxPriceAge: 30, logLevel: 'info', progress: true })
 */
export async function runDev(options: DevOptions): Promise<void> {
  const started = performance.now()
  // A given admin key is held to the rule of api.adminKey before anything starts.
  const givenAdminKey = process.env.XMARGIN_ADMIN_KEY || undefined
  const adminKeyError = givenAdminKey === undefined ? undefined : adminKeyProblem(givenAdminKey)
  if (adminKeyError) throw new CliError(`XMARGIN_ADMIN_KEY ${adminKeyError}.`, { exitCode: exitCodes.config })
  const { riskParameters, heartbeat } = resolveDevPriceAge(options)
  const logger = createCliLogger({ level: options.logLevel })
  const dbPath = resolve(options.db ?? DEV_DB_PATH)
  const manifestPath = resolve(options.manifest ?? defaultManifestPath)
  const [ethereum, arbitrum, base] = options.rpcPorts
  const devnet = await startDevnet({
    ports: { 1: ethereum, 42161: arbitrum, 8453: base },
    blockTime: options.blockTime || undefined,
    cascadeWallets: options.cascadeWallets === true,
    log: (message) => logger.info(message),
  })
  const cleanups: (() => Promise<void> | void)[] = [() => devnet.stop()]
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await step()
  }
  try {
    const { manifest } = devnet
    const historyDays = options.historyDays ?? 0
    if (historyDays > 0) {
      const seeding = performance.now()
      await seedPriceHistory(manifest, { days: historyDays })
      logger.info(
        { days: historyDays, ms: Math.round(performance.now() - seeding) },
        'devnet: seeded the price history',
      )
    }
    writeManifest(manifest, manifestPath)
    cleanups.push(() => rmSync(manifestPath, { force: true }))
    if (options.maxPriceAge !== undefined)
      cleanups.push(writeDevSettings(manifestPath, { maxPriceAge: options.maxPriceAge }))
    const store = await openStore({
      path: dbPath,
      fresh: true,
      chains: manifest.chains.map((c) => ({ chainId: c.chainId, name: c.name, ...finalityOf(c) })),
      wallets: [...manifest.wallets, ...(manifest.cascadeWallets ?? [])].map((w) => w.address),
    })
    cleanups.push(() => store.close())
    const chains = await createChains({
      chains: manifest.chains,
      settings: devnetChainSettings(manifest),
      local: true,
      logger,
    })
    // The indexer walks back over the whole seeded history (its default look-back is 365 days).
    const indexerChains = chains.indexerChains.map((chain) =>
      historyDays > 0 ? { ...chain, historyWindowSeconds: (historyDays + 1) * 86_400 } : chain,
    )
    const { apiChains } = chains
    const keys = devKeys()
    const services = await startServices({
      store,
      logger,
      indexerChains,
      // No config file here: the devnet keeps the config default's history below finality.
      retainHistorySeconds: defaultRetainHistorySeconds,
      pollingIntervalMs: 250,
      progress: options.progress ? undefined : false,
      api: {
        chains: apiChains,
        port: options.port,
        host: options.host,
        riskParameters,
        attestation: { privateKey: keys.attestationKey, deploymentId: DEV_DEPLOYMENT_ID },
        adminKey: keys.adminKey,
        development: true,
      },
    })
    cleanups.push(() => services.stop())
    if (heartbeat > 0) {
      const beat = startFeedHeartbeat(manifest, {
        periodSeconds: heartbeat,
        onError: (chainId, error) => logger.warn({ chain_id: chainId, err: error }, 'feed heartbeat failed'),
        onSlow: (chainId, seconds) =>
          logger.warn(
            { chain_id: chainId, seconds: Number(seconds.toFixed(1)), heartbeat_seconds: heartbeat },
            'feed heartbeat slower than its period: live feeds age by that much more between rounds',
          ),
      })
      cleanups.push(() => beat.stop())
    }
    printDevBanner({
      url: services.url ?? '',
      dbPath,
      manifestPath,
      manifest,
      keys,
      status: services.indexer?.status() ?? [],
      seconds: (performance.now() - started) / 1000,
    })
    onShutdown({ logger, stop: cleanup })
  } catch (error) {
    await cleanup()
    throw error
  }
}
