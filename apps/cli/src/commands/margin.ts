import { type MarginReportJson, marginQueryDocument } from '@xmargin/api'
import { type Command, Option } from 'commander'
import { CliError, exitCodes } from '../errors.js'
import { openReportSource, type ReportSource } from '../runtime/open-report-source.js'
import { queryApi } from '../runtime/query-api.js'
import { renderReport } from '../ui/report-tables.js'
import { marginModels, parseModel } from './report-options.js'

type MarginOptions = {
  account?: string
  model: string
  json?: boolean
  config?: string
  db?: string
  manifest?: string
}

/** The `--config`, `--db`, `--manifest` options shared by the report commands. */
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
  addSourceOptions(command).action(async (addresses: string[], options: MarginOptions) => {
    const source = await openReportSource(options)
    try {
      const wallets = await resolveWallets(source, addresses, options.account)
      const { margin } = await queryApi<{ margin: MarginReportJson }>({
        api: source.api,
        query: marginQueryDocument,
        variables: { addresses: wallets, model: parseModel(options.model) },
      })
      if (options.json) process.stdout.write(`${JSON.stringify(margin, null, 2)}\n`)
      else
        process.stdout.write(
          renderReport({
            report: margin,
            chainNames: source.chainNames,
            title: options.account ?? wallets.join(', '),
          }),
        )
    } finally {
      await source.close()
    }
  })
}

/**
 * The wallets of a report: the addresses given, or the members of `--account` (exactly one of them).
 *
 * @example
 * const wallets = await resolveWallets(source, [], 'treasury')
 */
export async function resolveWallets(
  source: Pick<ReportSource, 'store'>,
  addresses: readonly string[],
  account: string | undefined,
): Promise<string[]> {
  if (account !== undefined && addresses.length > 0)
    throw new CliError('Give addresses or --account, not both.', { exitCode: exitCodes.usage })
  if (account === undefined) {
    if (addresses.length === 0)
      throw new CliError('Give at least one wallet address, or --account <name>.', {
        exitCode: exitCodes.usage,
      })
    return [...addresses]
  }
  const [found] = await source.store.getAccounts({ names: [account] })
  if (!found)
    throw new CliError(`No account named "${account}".`, {
      details: 'Accounts come from the config (`accounts`) or the API mutation createAccount.',
      exitCode: exitCodes.usage,
    })
  return found.wallets
}
