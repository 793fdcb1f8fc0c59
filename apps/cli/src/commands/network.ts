import { type Command, Option } from 'commander'
import type { NetworkMode, NetworkOptions } from '../actions/run-network.js'
import { parsePort } from './parse-options.js'
import { roles } from './role-options.js'

const descriptions: Record<NetworkMode, string> = {
  index: 'run the indexer alone against the chains of a config file',
  serve: 'serve the GraphQL API alone over the database of a config file',
  start: 'run the indexer and the API together (real networks), or one of them with --role',
}

/**
 * `xmargin index|serve|start --config <file>`: the indexer, the API, or both, for real networks.
 * `start --role indexer|api` runs one of them (as `index` and `serve` do), `--chains 1,42161` the
 * indexer over those chains only. `--dry-run` loads and validates the config, prints what would run,
 * and connects to nothing.
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
    if (mode === 'start')
      command.addOption(
        new Option('--role <role>', 'run only this piece: the indexer (writes) or the API (reads)').choices(
          roles,
        ),
      )
    if (mode !== 'serve')
      command.option(
        '--chains <ids>',
        'index only these chain ids of the config, e.g. 1,42161 (default every chain)',
      )
    if (mode !== 'index')
      command
        .option('--port <port>', 'API port (overrides the config)', parsePort)
        .option(
          '--persisted-operations <file>',
          'JSON file { "<sha256>": "<document>" } (overrides api.persistedOperations.file)',
        )
        .option('--persisted-only', 'run persisted operations only (refuse any other document)')
    command.action(async (options: NetworkOptions) => {
      const { runNetwork } = await import('../actions/run-network.js')
      await runNetwork(mode, options)
    })
  }
}
