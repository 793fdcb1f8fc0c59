import { Command, InvalidArgumentError } from 'commander'
import { runDaemon } from './run-daemon.js'

/** `--status-interval`: a whole number of seconds, at least 1. */
function parseSeconds(value: string): number {
  const seconds = Number(value)
  if (!Number.isInteger(seconds) || seconds < 1)
    throw new InvalidArgumentError('a whole number of seconds ≥ 1')
  return seconds
}

/**
 * The `xmargin-indexer` program (commander): `--config <file> [--log-level info] [--dry-run]
 * [--status-interval 30] [--standby] [--chains 1,42161]`. Usage errors exit with 2; `main.ts` maps every other error to a log
 * line and an exit code.
 *
 * @example
 * await createProgram().parseAsync(['node', 'xmargin-indexer', '--config', 'xmargin.config.ts'])
 */
export function createProgram(): Command {
  return new Command('xmargin-indexer')
    .description(
      'the xmargin indexer daemon: indexes the chains of a config file into its SQLite database until SIGINT/SIGTERM',
    )
    .requiredOption('-c, --config <file>', 'xmargin.config.ts')
    .option('--log-level <level>', 'pino level (trace, debug, info, warn, error)', 'info')
    .option('--dry-run', 'validate the config and print the plan without connecting')
    .option('--status-interval <seconds>', 'seconds between per-chain status lines', parseSeconds, 30)
    .option('--chains <ids>', 'index only these chain ids of the config, e.g. 1,42161 (default every chain)')
    .option(
      '--standby',
      'while another live indexer writes a chain of the database, wait as its hot standby and take over when it stops or dies (default: exit with WriterLockedError)',
    )
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .action(
      async (options: {
        config: string
        logLevel: string
        dryRun?: boolean
        statusInterval: number
        standby?: boolean
        chains?: string
      }) => {
        await runDaemon(options)
      },
    )
}
