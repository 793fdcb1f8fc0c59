import { type Command, Option } from 'commander'
import type { MarginOptions } from '../actions/run-margin.js'
import { marginModels } from './report-options.js'

/**
 * Adds the `--config`, `--db`, `--manifest` options shared by the report commands.
 *
 * @example
 * addSourceOptions(program.command("margin")).action(…)
 */
export function addSourceOptions(command: Command): Command {
  return command
    .option('-c, --config <file>', 'xmargin.config.ts (default: the running `xmargin dev`)')
    .option('--db <path>', 'SQLite file the indexer writes (default: the config’s, or .xmargin/dev.db)')
    .option('--manifest <path>', 'devnet manifest when no config is given (default .xmargin/devnet.json)')
}

/**
 * `xmargin margin <address…> | --account <name>`: the unified report as tables, or `--json`.
 *
 * @example
 * addMarginCommand(program)
 */
export function addMarginCommand(program: Command): void {
  const command = program
    .command('margin')
    .description('print the unified margin report of wallets or an account')
    .argument('[addresses...]', 'wallet addresses, margined together')
    .option('-a, --account <name>', 'a named account (config `accounts`, or created over the API)')
    .addOption(
      new Option('-m, --model <model>', 'margin model')
        .choices(Object.keys(marginModels))
        .default('portfolio'),
    )
    .option('--json', 'print the report as JSON (the API’s MarginReport, field for field)')
    .option(
      '--require-fresh',
      'fail with STALE_DATA (exit 4) instead of an UNKNOWN report when an input is stale',
    )
  addSourceOptions(command).action(async (addresses: string[], options: MarginOptions) => {
    const { runMargin } = await import('../actions/run-margin.js')
    await runMargin(addresses, options)
  })
}
