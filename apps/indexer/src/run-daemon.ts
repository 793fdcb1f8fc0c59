import { databaseLabel, describeConfig, loadConfig, selectChains } from '@xmargin/config'
import { startIndexerFromConfig, whenLeaseLost } from '@xmargin/indexer'
import { createBackfillLog } from './backfill-log.js'
import { createDaemonLogger } from './logger.js'
import { startStatusLog } from './status-log.js'
import { waitForSignal } from './wait-for-signal.js'

/** Options of `xmargin-indexer`. */
export type RunDaemonOptions = {
  /** Path of `xmargin.config.ts`. */
  config: string
  logLevel: string
  /** Validate the config and print the plan without connecting. */
  dryRun?: boolean | undefined
  /** Seconds between `chain status` lines (and at least between `backfill progress` lines per chain). */
  statusInterval: number
  /** Wait as a hot standby while another indexer writes a chain (see `startIndexer`'s `standby`). */
  standby?: boolean | undefined
  /**
   * `--chains 1,42161`: index only these chains of the config (default every chain; an id the config
   * lacks is a `ChainSelectionError`, exit 2). Another daemon can write the others into the same database.
   */
  chains?: string | undefined
}

/**
 * Runs the indexer daemon: loads and validates the config (keeping the chains `--chains` names), opens and migrates its database,
 * tracks the configured wallets and accounts, runs the first sync and follows the heads
 * (`startIndexerFromConfig`, the same code path as `xmargin index`), logging JSON lines with
 * stable keys: `indexer starting` (`resume_from_block`), `backfill progress`, `first sync done`,
 * `running`, then `chain status` per chain periodically. With `standby`, a chain another live indexer
 * writes makes it log `standby: …` and wait, instead of exiting with `WriterLockedError`. Resolves after the first SIGINT, SIGTERM
 * or SIGHUP once the current steps are committed and the store is closed; rejects with
 * `IndexerStoppedError` (exit 1; `whenLeaseLost`, as every indexing command of the `xmargin` CLI) when
 * the indexer stops on its own because another indexer took one of its chains over.
 *
 * @example
 * await runDaemon({ config: 'xmargin.config.ts', logLevel: 'info', statusInterval: 30 })
 */
export async function runDaemon(options: RunDaemonOptions): Promise<void> {
  const loaded = await loadConfig({ file: options.config })
  const config = { ...loaded, chains: selectChains({ chains: loaded.chains, selection: options.chains }) }
  const intervalMs = options.statusInterval * 1000
  if (options.dryRun) {
    process.stdout.write(
      describeConfig({
        config,
        fields: [
          ['mode', 'indexer daemon'],
          ...(options.chains !== undefined
            ? [['indexes', config.chains.map((c) => c.chainId).join(', ')] as [string, string]]
            : []),
          ['database', databaseLabel(config.database)],
          ['status', `logged every ${options.statusInterval} s`],
          ...(options.standby
            ? [['standby', 'waits while another indexer writes a chain'] as [string, string]]
            : []),
        ],
      }),
    )
    return
  }
  const logger = createDaemonLogger({ level: options.logLevel })
  const controller = new AbortController()
  const signalled = waitForSignal({ controller, logger })
  logger.info(
    {
      config: config.file,
      database: databaseLabel(config.database),
      chains: config.chains.length,
      chain_ids: config.chains.map((c) => c.chainId),
    },
    'starting',
  )
  const indexer = await startIndexerFromConfig({
    config,
    logger,
    signal: controller.signal,
    onProgress: createBackfillLog({ logger, intervalMs }),
    standby: options.standby === true,
  })
  let stopStatusLog = () => {}
  if (!controller.signal.aborted) {
    stopStatusLog = startStatusLog({ indexer: indexer.indexer, logger, intervalMs })
    logger.info(
      {
        database: databaseLabel(config.database),
        chains: config.chains.length,
        wallets: config.wallets.length,
        accounts: config.accounts.length,
      },
      'running',
    )
  }
  // Until a signal, or until the indexer stops on its own (another indexer took a chain over).
  const ended = await Promise.race([
    signalled.then((signal) => ({ signal, lost: undefined })),
    whenLeaseLost({ indexer: indexer.indexer, running: indexer.running, logger }).then((lost) => ({
      signal: undefined,
      lost,
    })),
  ])
  stopStatusLog()
  await indexer.stop()
  if (ended.lost) throw ended.lost
  logger.info({ signal: ended.signal ?? (await signalled) }, 'stopped')
}
