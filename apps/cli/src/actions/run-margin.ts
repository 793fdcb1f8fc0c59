import { marginQueryDocument } from '@xmargin/api'
import { parseModel } from '../commands/report-options.js'
import { CliError, exitCodes } from '../errors.js'
import { openReportSource, type ReportSource } from '../runtime/open-report-source.js'
import { queryApi } from '../runtime/query-api.js'
import { renderReport } from '../ui/report-tables.js'

/** Options of `xmargin margin`. */
export type MarginOptions = {
  account?: string
  model: string
  json?: boolean
  /** Fail with `STALE_DATA` (exit 4) instead of printing an UNKNOWN report when an input is stale. */
  requireFresh?: boolean
  config?: string
  db?: string
  manifest?: string
}

/**
 * Prints the unified report of wallets (or an account): tables, or the API's JSON with `--json`.
 *
 * @example
 * await runMargin(['0xabc…'], { model: 'portfolio', json: true })
 */
export async function runMargin(addresses: string[], options: MarginOptions): Promise<void> {
  const source = await openReportSource(options)
  try {
    const wallets = await resolveWallets(source, addresses, options.account)
    const { margin } = await queryApi({
      api: source.api,
      document: marginQueryDocument,
      variables: {
        addresses: wallets,
        model: parseModel(options.model),
        requireFresh: options.requireFresh === true,
      },
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
