import { dynamicHistoryDays } from '@xmargin/devnet'
import type { Command } from 'commander'
import type { DevOptions } from '../actions/run-dev.js'
import { DEVNET_BLOCK_TIME_SECONDS } from '../runtime/devnet-settings.js'
import { parseDays, parsePort, parsePorts, parseSeconds } from './parse-options.js'

/**
 * `xmargin dev`: the devnet, the indexer and the API in one process over a fresh SQLite file.
 *
 * @example
 * addDevCommand(program)
 */
export function addDevCommand(program: Command): void {
  program
    .command('dev')
    .description('start the local devnet, the indexer and the API together (Ctrl-C stops everything)')
    .option('--port <port>', 'API port (0: the OS picks a free one)', parsePort, 4000)
    .option('--host <host>', 'API host', '127.0.0.1')
    .option(
      '--rpc-ports <ports>',
      'RPC ports of chains 1, 42161 and 8453 (0: the OS picks; the banner and manifest show them)',
      parsePorts,
      [8545, 8546, 8547],
    )
    .option(
      '--block-time <seconds>',
      'seconds between blocks (0: one block per transaction)',
      parseSeconds,
      DEVNET_BLOCK_TIME_SECONDS,
    )
    .option(
      '--heartbeat <seconds>',
      'seconds between feed refreshes (0: none; default 60, or a third of --max-price-age)',
      parseSeconds,
    )
    .option(
      '--max-price-age <seconds>',
      "a price older than this is stale (every feed, over its heartbeat; default: each feed's heartbeat + 300 s), e.g. 30 to see `pnpm stale` within a minute",
      parseSeconds,
    )
    .option(
      '--history-days <days>',
      `seed every feed with this many days of daily closes (calm, crash, recovery) and index all of them, for calibrations and backtests (${dynamicHistoryDays}: the default 365-close dynamic window + 250 backtest days; default 0: none)`,
      parseDays,
      0,
    )
    .option(
      '--cascade-wallets',
      'also open and track 36 wallets around the liquidation line (Aave, Morpho) for `xmargin cascade`',
    )
    .option('--db <path>', 'SQLite file, recreated at each start (default .xmargin/dev.db)')
    .option('--manifest <path>', 'where to write the devnet manifest (default .xmargin/devnet.json)')
    .option('--log-level <level>', 'pino level (trace, debug, info, warn, error)', 'info')
    .option('--no-progress', 'no progress bars')
    .action(async (options: DevOptions) => {
      const { runDev } = await import('../actions/run-dev.js')
      await runDev(options)
    })
}
