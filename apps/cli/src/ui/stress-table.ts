import type { MarginComparisonJson } from '@xmargin/api'
import { usd } from './format.js'
import { parameterSetLine, shortParameterSetId } from './parameter-set-line.js'
import { ruleName, venueHealth } from './report-tables.js'
import { createTable } from './table.js'

/** Parameters of {@link renderStress}. */
export type RenderStressParameters = {
  comparison: MarginComparisonJson
  /** Chain id → name, for the parameter set's blocks. */
  chainNames: ReadonlyMap<number, string>
  /** The wallets (or account) stressed, for the title. */
  title: string
}

/**
 * Renders a stress test: the parameter set it used (one line), then a before / after / change table
 * of the headline figures and of each venue account's own health.
 *
 * @example
 * process.stdout.write(renderStress({ comparison, chainNames, title: '0xabc…' }))
 */
export function renderStress(parameters: RenderStressParameters): string {
  const { before, after, delta, scenario } = parameters.comparison
  const rows = table()
  rows.push(
    ['status', before.status, after.status, ''],
    ['health', before.health ?? '-', after.health ?? '-', delta.health ?? '-'],
    ['equity', usd(before.equity), usd(after.equity), usd(delta.equity)],
    ['initial margin', usd(before.initialMargin), usd(after.initialMargin), usd(delta.initialMargin)],
    [
      'maintenance margin',
      usd(before.maintenanceMargin),
      usd(after.maintenanceMargin),
      usd(delta.maintenanceMargin),
    ],
    ['free collateral', usd(before.freeCollateral), usd(after.freeCollateral), usd(delta.freeCollateral)],
    ['venues (each under its own rule)', before.venueStatus, after.venueStatus, ''],
  )
  // Each venue account's own health, before and after (FAILS: the venue's rule fails there).
  for (const line of after.venues) {
    const was = before.venues.find(
      (v) =>
        v.rule === line.rule &&
        v.chainId === line.chainId &&
        v.venue === line.venue &&
        v.market === line.market,
    )
    const shown = (v: typeof line | undefined) =>
      v ? `${venueHealth(v)}${v.liquidatable ? ' FAILS' : ''}` : '-'
    const market = line.market ? ` ${line.market.slice(0, 10)}…` : ''
    rows.push([`${ruleName(line.rule)} on ${line.chainId}${market} health`, shown(was), shown(line), ''])
  }
  // Both sides are read at the same blocks: one set, unless the shocked side names another.
  const set = parameterSetLine(before.parameterSet, parameters.chainNames)
  const afterSet =
    after.parameterSet.id === before.parameterSet.id
      ? ''
      : `; after: ${shortParameterSetId(after.parameterSet.id)}`
  return `Stress test "${scenario ?? 'custom'}" on ${parameters.title}\n${set}${afterSet}\n${rows.toString()}\n`
}

function table() {
  return createTable({ head: ['', 'before', 'after', 'change'], align: ['left', 'right', 'right', 'right'] })
}
