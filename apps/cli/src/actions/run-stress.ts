import { stressQueryDocument } from '@xmargin/api'
import { parseModel, parseScenario, type ShockInput } from '../commands/report-options.js'
import { CliError, exitCodes } from '../errors.js'
import { openReportSource } from '../runtime/open-report-source.js'
import { queryApi } from '../runtime/query-api.js'
import { renderStress } from '../ui/stress-table.js'
import { resolveWallets } from './run-margin.js'

/** Options of `xmargin stress`. */
export type StressOptions = {
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
 * Prints a stress test (custom shocks or a named scenario) as before / after / change.
 *
 * @example
 * await runStress(['0xabc…'], { model: 'portfolio', shock: [{ factor: 'ETH', spot: '-0.3' }] })
 */
export async function runStress(addresses: string[], options: StressOptions): Promise<void> {
  if ((options.shock === undefined) === (options.scenario === undefined))
    throw new CliError('Give --shock FACTOR=pct% (one or more) or --scenario <name>, not both.', {
      exitCode: exitCodes.usage,
    })
  const source = await openReportSource(options)
  try {
    const wallets = await resolveWallets(source, addresses, options.account)
    const { stressTest } = await queryApi({
      api: source.api,
      document: stressQueryDocument,
      variables: {
        addresses: wallets,
        model: parseModel(options.model),
        ...(options.scenario ? { scenario: parseScenario(options.scenario) } : { shocks: options.shock }),
      },
    })
    if (options.json) process.stdout.write(`${JSON.stringify(stressTest, null, 2)}\n`)
    else
      process.stdout.write(
        renderStress({
          comparison: stressTest,
          chainNames: source.chainNames,
          title: options.account ?? wallets.join(', '),
        }),
      )
  } finally {
    await source.close()
  }
}
