import { marginHistoryQueryDocument } from '@xmargin/api'
import { InvalidArgumentError } from 'commander'
import { parseDuration, parseTime } from '../commands/history.js'
import { parseModel } from '../commands/report-options.js'
import { CliError, exitCodes } from '../errors.js'
import { openReportSource } from '../runtime/open-report-source.js'
import { queryApi } from '../runtime/query-api.js'
import { renderHistory } from '../ui/calibration-tables.js'
import { resolveWallets } from './run-margin.js'

/** Options of `xmargin history`. */
export type HistoryOptions = {
  account?: string
  from: string
  to?: string
  step: string
  model: string
  json?: boolean
  config?: string
  db?: string
  manifest?: string
}

/**
 * Prints the margin history of wallets (or an account) as a table, or JSON.
 *
 * @example
 * await runHistory(['0xabc…'], { from: '-1h', step: '5m', model: 'portfolio' })
 */
export async function runHistory(addresses: string[], options: HistoryOptions): Promise<void> {
  const now = Math.floor(Date.now() / 1000)
  let range: { from: number; to: number; step: number }
  try {
    range = {
      from: parseTime(options.from, now),
      to: options.to === undefined ? now : parseTime(options.to, now),
      step: parseDuration(options.step),
    }
  } catch (error) {
    if (error instanceof InvalidArgumentError)
      throw new CliError(error.message, { exitCode: exitCodes.usage })
    throw error
  }
  const source = await openReportSource(options)
  try {
    const wallets = await resolveWallets(source, addresses, options.account)
    const { marginHistory } = await queryApi({
      api: source.api,
      document: marginHistoryQueryDocument,
      variables: { addresses: wallets, ...range, model: parseModel(options.model) },
    })
    process.stdout.write(
      options.json
        ? `${JSON.stringify(marginHistory, null, 2)}\n`
        : renderHistory({ steps: marginHistory, title: options.account ?? wallets.join(', ') }),
    )
  } finally {
    await source.close()
  }
}
