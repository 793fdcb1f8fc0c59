import { backtestQueryDocument } from '@xmargin/api'
import { parseModel } from '../commands/report-options.js'
import { CliError, exitCodes } from '../errors.js'
import { openReportSource } from '../runtime/open-report-source.js'
import { queryApi } from '../runtime/query-api.js'
import { renderBacktest } from '../ui/calibration-tables.js'

/** Options of `xmargin backtest`. */
export type BacktestOptions = {
  account?: string
  days: number
  confidence: number
  parameters?: 'static' | 'dynamic'
  against: 'initial' | 'maintenance'
  window?: number
  model: string
  json?: boolean
  config?: string
  db?: string
  manifest?: string
}

/**
 * Prints a backtest of wallets (or an account): statistics and exception days, or JSON.
 *
 * @example
 * await runBacktest(['0xabc…'], { days: 250, confidence: 0.99, against: 'initial', model: 'portfolio' })
 */
export async function runBacktest(addresses: string[], options: BacktestOptions): Promise<void> {
  if ((options.account === undefined) === (addresses.length === 0))
    throw new CliError('Give wallet addresses or --account <name>, not both.', { exitCode: exitCodes.usage })
  const source = await openReportSource(options)
  try {
    const { backtest } = await queryApi({
      api: source.api,
      document: backtestQueryDocument,
      variables: {
        ...(options.account === undefined ? { addresses } : { account: options.account }),
        days: options.days,
        confidence: options.confidence,
        ...(options.parameters && { parameters: options.parameters === 'static' ? 'STATIC' : 'DYNAMIC' }),
        margin: options.against === 'initial' ? 'INITIAL' : 'MAINTENANCE',
        ...(options.window !== undefined && { window: options.window }),
        model: parseModel(options.model),
      },
    })
    process.stdout.write(
      options.json
        ? `${JSON.stringify(backtest, null, 2)}\n`
        : renderBacktest({ backtest, title: options.account ?? addresses.join(', ') }),
    )
  } finally {
    await source.close()
  }
}
