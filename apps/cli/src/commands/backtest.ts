import { type Command, InvalidArgumentError, Option } from 'commander'
import type { BacktestOptions } from '../actions/run-backtest.js'
import { addSourceOptions } from './margin.js'
import { marginModels } from './report-options.js'

/**
 * A positive integer option value.
 *
 * @example
 * parsePositiveInt('250') // 250
 */
export function parsePositiveInt(value: string): number {
  const n = Number(value)
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1)
    throw new InvalidArgumentError(`not a positive integer: ${value}`)
  return n
}

function parseConfidence(value: string): number {
  const n = Number(value.endsWith('%') ? Number(value.slice(0, -1)) / 100 : value)
  if (!(n > 0.5 && n < 1))
    throw new InvalidArgumentError(`confidence must be in (0.5, 1) or (50%, 100%): ${value}`)
  return n
}

/**
 * `xmargin backtest <address…> | --account <name>`: today's book held over the stored price
 * history, each day's P&L against the previous day's margin; tables or `--json`.
 *
 * @example
 * addBacktestCommand(program)
 */
export function addBacktestCommand(program: Command): void {
  const command = program
    .command('backtest')
    .description(
      'backtest a book over the stored price history: exceptions, Kupiec, Christoffersen, Basel zone',
    )
    .argument('[addresses...]', 'wallet addresses, margined together')
    .option('-a, --account <name>', 'a named account instead of addresses')
    .option('-d, --days <n>', 'P&L days (the last n of the history)', parsePositiveInt, 250)
    .option('--confidence <p>', 'coverage the margin targets: 0.99 or 99%', parseConfidence, 0.99)
    .addOption(
      new Option(
        '-p, --parameters <model>',
        'static or dynamic parameters (default: the config’s margin.model)',
      ).choices(['static', 'dynamic']),
    )
    .addOption(
      new Option('--against <margin>', "compare losses with the previous day's initial or maintenance margin")
        .choices(['initial', 'maintenance'])
        .default('initial'),
    )
    .option(
      '-w, --window <n>',
      'dynamic: observations per daily calibration (default the config’s margin.window; 365 under a static config)',
      parsePositiveInt,
    )
    .addOption(
      new Option('-m, --model <model>', 'margin model')
        .choices(Object.keys(marginModels))
        .default('portfolio'),
    )
    .option('--json', 'print the API’s Backtest as JSON (every day included)')
  addSourceOptions(command).action(async (addresses: string[], options: BacktestOptions) => {
    const { runBacktest } = await import('../actions/run-backtest.js')
    await runBacktest(addresses, options)
  })
}
