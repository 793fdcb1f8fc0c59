import { type Command, Option } from 'commander'
import type { StressOptions } from '../actions/run-stress.js'
import { addSourceOptions } from './margin.js'
import { marginModels, parseShock, stressScenarioNames } from './report-options.js'

/**
 * `xmargin stress <address…> --shock ETH=-30% [--shock BTC=-25%] | --scenario <name>`.
 *
 * @example
 * addStressCommand(program)
 */
export function addStressCommand(program: Command): void {
  const command = program
    .command('stress')
    .description('recompute the margin after factor shocks or a named scenario: before / after')
    .argument('[addresses...]', 'wallet addresses, margined together')
    .option(
      '-s, --shock <FACTOR=pct%>',
      'spot shock of a factor, e.g. ETH=-30% (repeatable; ,vol=+50% for vol)',
      parseShock,
    )
    .addOption(new Option('--scenario <name>', 'a named scenario').choices(Object.keys(stressScenarioNames)))
    .option('-a, --account <name>', 'a named account instead of addresses')
    .addOption(
      new Option('-m, --model <model>', 'margin model')
        .choices(Object.keys(marginModels))
        .default('portfolio'),
    )
    .option('--json', 'print the comparison as JSON (the API’s MarginComparison)')
  addSourceOptions(command).action(async (addresses: string[], options: StressOptions) => {
    const { runStress } = await import('../actions/run-stress.js')
    await runStress(addresses, options)
  })
}
