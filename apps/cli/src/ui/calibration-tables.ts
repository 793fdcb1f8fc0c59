import type { BacktestJson, CalibrationJson, MarginHistoryJson } from '@xmargin/api'
import { usd, utcMinute } from './format.js'
import { shortParameterSetId } from './parameter-set-line.js'
import { createTable } from './table.js'

const percent = (value: number | null | undefined, places = 2) =>
  value == null ? '-' : `${(value * 100).toFixed(places)}%`
const fixed = (value: number | null | undefined, places = 4) => (value == null ? '-' : value.toFixed(places))

/**
 * Renders `calibration`: the parameter set's id and window (the blocks it was read at are in
 * `--json`), then one line per factor (volatility,
 * scan range, vol shocks, the daily σ before and after the anti-procyclical blend, what the static
 * floor and the fall cap held), then the correlations.
 *
 * @example
 * process.stdout.write(renderCalibration(calibration))
 */
export function renderCalibration(calibration: CalibrationJson): string {
  const { parameterSet: set } = calibration
  const head = [
    `Parameter set ${set.id} (${set.model.toLowerCase()})`,
    set.window
      ? `window ${utcMinute(set.window.from)} → ${utcMinute(set.window.to)} UTC, ${set.window.observations} daily closes; stressed weight ${percent(calibration.stressedWeight, 0)}, static floor ${percent(calibration.staticFloor, 0)}, fall cap ${percent(calibration.maxFall, 0)}${calibration.correlationRepaired ? '; correlation repaired to the nearest PSD matrix' : ''}`
      : 'the config’s risk parameters (margin.model static)',
  ]
  const factors = createTable({
    head: [
      'factor',
      'source',
      'volatility',
      'scan range',
      'vol up',
      'vol down',
      'σ day',
      'σ blended',
      'floored',
      'fall-capped',
    ],
    align: ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'left', 'left'],
  })
  for (const f of calibration.factors)
    factors.push([
      f.factor,
      f.calibrated ? (f.volatilitySource ?? '-') : 'static',
      percent(f.volatility),
      percent(f.scanRange),
      fixed(f.volUp),
      fixed(f.volDown),
      percent(f.periodVolatility),
      percent(f.blendedPeriodVolatility),
      f.floored.join(', ') || '-',
      f.fallCapped.join(', ') || '-',
    ])
  const correlations = createTable({ head: ['factors', 'correlation'], align: ['left', 'right'] })
  for (const c of calibration.correlations) correlations.push([`${c.a}–${c.b}`, fixed(c.value)])
  return `${head.join('\n')}\n${factors.toString()}\n${correlations.toString()}\n`
}

/**
 * Renders a backtest: the statistics, then the exception days.
 *
 * @example
 * process.stdout.write(renderBacktest({ backtest, title: '0xabc…' }))
 */
export function renderBacktest(parameters: { backtest: BacktestJson; title: string }): string {
  const b = parameters.backtest
  const window = b.window === null ? '' : `, ${b.window}-day calibration window`
  const summary = createTable({ head: [], align: ['left', 'right'] })
  summary.push(
    ['days', String(b.observations)],
    ['exceptions', String(b.exceptions)],
    ['coverage', percent(b.coverage)],
    ['Kupiec POF (stat / p)', `${fixed(b.kupiec.statistic)} / ${fixed(b.kupiec.pValue)}`],
    [
      'Christoffersen indep. (stat / p)',
      `${fixed(b.christoffersen.statistic)} / ${fixed(b.christoffersen.pValue)}`,
    ],
    [
      'conditional coverage (stat / p)',
      `${fixed(b.conditionalCoverage.statistic)} / ${fixed(b.conditionalCoverage.pValue)}`,
    ],
    [
      'Basel traffic light',
      `${b.trafficLight.zone.toLowerCase()} (P = ${fixed(b.trafficLight.cumulativeProbability)})`,
    ],
  )
  const exceptions = createTable({
    head: ['exception day (UTC)', 'P&L', 'margin held', 'parameter set'],
    align: ['left', 'right', 'right', 'left'],
  })
  for (const day of b.days.filter((d) => d.exception))
    exceptions.push([
      utcMinute(day.time),
      usd(day.pnl),
      usd(day.margin),
      shortParameterSetId(day.parameterSet),
    ])
  const title = `Backtest of ${parameters.title}: ${b.parameters.toLowerCase()} parameters, P&L against the previous day's ${b.margin.toLowerCase()} margin at ${percent(b.confidence, 1)}${window}`
  return `${title}\n${summary.toString()}\n${b.exceptions > 0 ? `${exceptions.toString()}\n` : ''}`
}

/**
 * Renders a margin history, one line per step.
 *
 * @example
 * process.stdout.write(renderHistory({ steps, title: '0xabc…' }))
 */
export function renderHistory(parameters: { steps: MarginHistoryJson; title: string }): string {
  const table = createTable({
    head: ['time (UTC)', 'status', 'equity', 'initial margin', 'maint. margin', 'health', 'blocks'],
    align: ['left', 'left', 'right', 'right', 'right', 'right', 'left'],
  })
  for (const s of parameters.steps)
    table.push([
      utcMinute(s.time),
      s.status === 'UNKNOWN' && s.statusReasons.length > 0
        ? `UNKNOWN (${s.statusReasons.join(', ')})`
        : s.status,
      usd(s.equity),
      usd(s.initialMargin),
      usd(s.maintenanceMargin),
      s.health ?? '-',
      s.blocks.map((b) => `${b.chainId}:${b.blockNumber}`).join(' '),
    ])
  return `Margin history of ${parameters.title}\n${table.toString()}\n`
}
