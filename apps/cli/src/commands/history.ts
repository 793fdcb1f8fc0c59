import { type Command, InvalidArgumentError, Option } from 'commander'
import type { HistoryOptions } from '../actions/run-history.js'
import { addSourceOptions } from './margin.js'
import { marginModels } from './report-options.js'

const units = { s: 1, m: 60, h: 3600, d: 86_400 } as const

/**
 * A duration: `90`, `90s`, `5m`, `1h`, `7d` → seconds.
 *
 * @example
 * parseDuration('5m') // 300
 */
export function parseDuration(value: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(value)
  if (!match || Number(match[1]) < 1)
    throw new InvalidArgumentError(`not a duration (90s, 5m, 1h, 7d): ${value}`)
  return Number(match[1]) * units[(match[2] || 's') as keyof typeof units]
}

/**
 * A time: unix seconds, an ISO date (`2026-12-05T06:00Z`), or a duration ago (`-1h`).
 *
 * @example
 * parseTime('-1h', 7200) // 3600
 */
export function parseTime(value: string, now: number): number {
  if (value.startsWith('-')) return now - parseDuration(value.slice(1))
  if (/^\d+$/.test(value)) return Number(value)
  const ms = Date.parse(value)
  if (Number.isNaN(ms))
    throw new InvalidArgumentError(`not a time (unix seconds, ISO date, or -1h): ${value}`)
  return Math.floor(ms / 1000)
}

/**
 * `xmargin history <address…> --from <time> --to <time> --step <duration>`: equity, IM, MM, health
 * and status per step, computed from the stored versions at past blocks.
 *
 * @example
 * addHistoryCommand(program)
 */
export function addHistoryCommand(program: Command): void {
  const command = program
    .command('history')
    .description('print the margin of wallets at past times (from the stored versions at past blocks)')
    .argument('[addresses...]', 'wallet addresses, margined together')
    .option('-a, --account <name>', 'a named account instead of addresses')
    .option('--from <time>', 'first step: unix seconds, ISO date or -1h (default -1h)', '-1h')
    .option('--to <time>', 'last step at most (default now)')
    .option('--step <duration>', 'time between steps: 90s, 5m, 1h, 1d', '5m')
    .addOption(
      new Option('-m, --model <model>', 'margin model')
        .choices(Object.keys(marginModels))
        .default('portfolio'),
    )
    .option('--json', 'print the API’s marginHistory steps as JSON')
  addSourceOptions(command).action(async (addresses: string[], options: HistoryOptions) => {
    const { runHistory } = await import('../actions/run-history.js')
    await runHistory(addresses, options)
  })
}
