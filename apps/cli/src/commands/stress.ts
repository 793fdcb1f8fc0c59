import { type MarginComparisonJson, stressQueryDocument } from '@xmargin/api'
import { type Command, Option } from 'commander'
import { CliError, exitCodes } from '../errors.js'
import { openReportSource } from '../runtime/open-report-source.js'
import { queryApi } from '../runtime/query-api.js'
import { renderStress } from '../ui/stress-table.js'
import { addSourceOptions, resolveWallets } from './margin.js'
import {
  marginModels,
  parseModel,
  parseScenario,
  parseShock,
  type ShockInput,
  stressScenarioNames,
} from './report-options.js'

type StressOptions = {
  shock?: ShockInput[]
  scenario?: string
  account?: string
  model: string
  json?: boolean
  config?: string
  db?: string
  manifest?: string
}

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
    if ((options.shock === undefined) === (options.scenario === undefined))
      throw new CliError('Give --shock FACTOR=pct% (one or more) or --scenario <name>, not both.', {
        exitCode: exitCodes.usage,
      })
    const source = await openReportSource(options)
    try {
      const wallets = await resolveWallets(source, addresses, options.account)
      const { stressTest } = await queryApi<{ stressTest: MarginComparisonJson }>({
        api: source.api,
        query: stressQueryDocument,
        variables: {
          addresses: wallets,
          model: parseModel(options.model),
          ...(options.scenario ? { scenario: parseScenario(options.scenario) } : { shocks: options.shock }),
        },
      })
      if (options.json) process.stdout.write(`${JSON.stringify(stressTest, null, 2)}\n`)
      else
        process.stdout.write(
          renderStress({ comparison: stressTest, title: options.account ?? wallets.join(', ') }),
        )
    } finally {
      await source.close()
    }
  })
}
