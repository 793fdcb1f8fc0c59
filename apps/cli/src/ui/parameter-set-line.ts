import type { MarginReportJson } from '@xmargin/api'
import { utcMinute } from './format.js'

/** The parameter set a report names, as the report's JSON carries it. */
export type ParameterSetJson = MarginReportJson['parameterSet']

/**
 * A parameter-set id in short form: its first 12 hex digits and an ellipsis (`-` when none).
 *
 * @example
 * shortParameterSetId('c2cbaa1a135de4ba8c47cbfe4df0c0fa…') // 'c2cbaa1a135d…'
 */
export function shortParameterSetId(id: string | null): string {
  return id === null ? '-' : `${id.slice(0, 12)}…`
}

/**
 * One line naming the parameter set a report used: its short id, its model (static: the config's
 * risk parameters; dynamic: the calibration window) and the blocks it was read as of, per chain.
 *
 * @example
 * parameterSetLine(report.parameterSet, chainNames)
 * // 'Parameter set c2cbaa1a135d… (static: the config’s risk parameters), as of ethereum 209, arbitrum 299, base 172'
 */
export function parameterSetLine(set: ParameterSetJson, chainNames: ReadonlyMap<number, string>): string {
  const source =
    set.model === 'DYNAMIC' && set.window
      ? `dynamic: ${set.window.observations} daily closes ${utcMinute(set.window.from)} → ${utcMinute(set.window.to)} UTC`
      : 'static: the config’s risk parameters'
  const asOf = set.asOf.map((pin) => `${chainNames.get(pin.chainId) ?? pin.chainId} ${pin.blockNumber}`)
  return `Parameter set ${shortParameterSetId(set.id)} (${source}), as of ${asOf.length > 0 ? asOf.join(', ') : 'the latest blocks'}`
}
