import { cascadeQueryDocument } from '@xmargin/api'
import type { ImpactInput } from '../commands/cascade.js'
import { parseScenario, type ShockInput } from '../commands/report-options.js'
import { CliError, exitCodes } from '../errors.js'
import { openReportSource } from '../runtime/open-report-source.js'
import { queryApi } from '../runtime/query-api.js'
import { renderCascade } from '../ui/cascade-table.js'

/** Options of `xmargin cascade`. */
export type CascadeOptions = {
  shock?: ShockInput[]
  scenario?: string
  account?: string
  impact?: ImpactInput[]
  rounds?: number
  json?: boolean
  config?: string
  db?: string
  manifest?: string
}

/**
 * Prints a liquidation cascade over the tracked wallets (or the given ones, or an account): a
 * round-by-round table, the end state and isolated versus portfolio margin; `--json` prints the
 * API's `Cascade`.
 *
 * @example
 * await runCascade([], { shock: [{ factor: 'ETH', spot: '-0.25' }] })
 */
export async function runCascade(addresses: string[], options: CascadeOptions): Promise<void> {
  if ((options.shock === undefined) === (options.scenario === undefined))
    throw new CliError('Give --shock FACTOR=pct% (one or more) or --scenario <name>, not both.', {
      exitCode: exitCodes.usage,
    })
  if (options.account !== undefined && addresses.length > 0)
    throw new CliError('Give addresses or --account, not both.', { exitCode: exitCodes.usage })
  const source = await openReportSource(options)
  try {
    const selection =
      options.account !== undefined
        ? { account: options.account }
        : addresses.length > 0
          ? { addresses }
          : { all: true }
    const { cascade } = await queryApi({
      api: source.api,
      document: cascadeQueryDocument,
      variables: {
        ...selection,
        ...(options.scenario ? { scenario: parseScenario(options.scenario) } : { shocks: options.shock }),
        ...(options.impact ? { impact: options.impact } : {}),
        ...(options.rounds !== undefined ? { maxRounds: options.rounds } : {}),
      },
    })
    if (options.json) process.stdout.write(`${JSON.stringify(cascade, null, 2)}\n`)
    else
      process.stdout.write(
        renderCascade({
          cascade,
          chainNames: source.chainNames,
          title:
            options.account ??
            (addresses.length > 0 ? `${addresses.length} wallet(s)` : 'all tracked wallets'),
        }),
      )
  } finally {
    await source.close()
  }
}
