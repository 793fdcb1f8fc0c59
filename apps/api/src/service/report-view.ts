import type { Position as CorePosition } from '@xmargin/core'
import type { MarginReport } from '@xmargin/engine'
import { MarginReportWire, type MarginReportWireView } from '../report/report-wire.js'
import { allocateCents } from './allocate-cents.js'
import type { ChainFreshness } from './chain-freshness.js'
import type { ParameterSetView } from './parameter-source.js'

/**
 * The margin report as GraphQL serves it: the view of `MarginReportWire` (USD as decimal strings,
 * raw amounts as bigint), plus the health as a number for thresholds (not on the wire).
 */
export type MarginReportView = MarginReportWireView & {
  /** The risk parameters the report used (static, or a calibration by id): its own schema file exposes it. */
  parameterSet: ParameterSetView
  /** Engine health as a number (NaN-free), for thresholds; null when unbounded. Not on the wire. */
  healthValue: number | null
}

/** Parameters of {@link toReportView}. */
export type ToReportViewParameters = {
  report: MarginReport
  positions: readonly CorePosition[]
  freshness: readonly ChainFreshness[]
  /** Reasons found outside the engine (stale chains, unmapped rows): any one makes the status UNKNOWN. */
  reasons: readonly string[]
  parameterSet: ParameterSetView
}
/** Return type of {@link toReportView}. */
export type ToReportViewReturnType = MarginReportView

/**
 * Maps an engine report to the wire through its description (`MarginReportWire`): USD as decimal
 * strings (2 places), health as a 6-place decimal (null when maintenance is 0 or health is
 * unbounded), initial and maintenance margin allocated to the cent over the positions, UNKNOWN
 * whenever the API found a stale or missing input that the engine could not see.
 *
 * @example
 * const view = toReportView({ report, positions, freshness, reasons: ['stale-chain:1'], parameterSet })
 * view.status // 'UNKNOWN'
 */
export function toReportView(parameters: ToReportViewParameters): ToReportViewReturnType {
  const { report } = parameters
  const health = report.maintenanceMargin > 0 && Number.isFinite(report.health) ? report.health : null
  const view = MarginReportWire.toView(report, {
    reasons: parameters.reasons,
    positions: new Map(parameters.positions.map((p) => [p.id, p])),
    freshness: parameters.freshness,
    initialMargin: allocateCents({
      parts: report.positions.map((p) => p.initialMargin),
      total: report.initialMargin,
    }),
    maintenanceMargin: allocateCents({
      parts: report.positions.map((p) => p.maintenanceMargin),
      total: report.maintenanceMargin,
    }),
    health,
  })
  return { ...view, parameterSet: parameters.parameterSet, healthValue: health }
}
