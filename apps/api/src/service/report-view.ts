import type { Position as CorePosition } from '@xmargin/core'
import type { MarginReport } from '@xmargin/engine'
import type { MarginReportSummary } from '../engine/engine-task.js'
import { boundedHealth, formatHealth, reportStatus, reportStatusReasons } from '../report/report-status.js'
import { ChainFreshnessWire, MarginReportWire, type MarginReportWireView } from '../report/report-wire.js'
import type { ViewOf } from '../report/wire-object.js'
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

/** What a report's view needs besides the report: what the request found outside the engine. */
export type ReportViewContext = {
  freshness: readonly ChainFreshness[]
  /** Reasons found outside the engine (stale chains, unmapped rows): any one makes the status UNKNOWN. */
  reasons: readonly string[]
}

/**
 * A report's view without its parameter set: what an engine worker maps a `marginView` task's
 * report to (plain data, so it crosses the thread boundary; the set is added where it came from).
 */
export type ReportWireView = Omit<MarginReportView, 'parameterSet'>

/** Parameters of {@link toReportView}. */
export type ToReportViewParameters = ReportViewContext & {
  report: MarginReport
  positions: readonly CorePosition[]
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
  return { ...toReportWireView(parameters), parameterSet: parameters.parameterSet }
}

/**
 * {@link toReportView} without the parameter set: the part an engine worker maps (see the
 * `marginView` task), so the request's thread receives the view instead of mapping the report.
 *
 * @example
 * const view = toReportWireView({ report, positions, freshness, reasons: [] })
 * view.initialMargin // '3010.76'
 */
export function toReportWireView(
  parameters: ReportViewContext & { report: MarginReport; positions: readonly CorePosition[] },
): ReportWireView {
  const { report } = parameters
  const health = boundedHealth(report)
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
  return { ...view, healthValue: health }
}

/** What batch solvency reads of a wallet's report: its status, health and the ages of its inputs. */
export type MarginSummaryView = Pick<
  MarginReportView,
  'status' | 'statusReasons' | 'health' | 'healthValue' | 'freshness'
> & {
  /** The largest age of the report's prices (its `prices[].ageSeconds`); null when it used none. */
  oldestPriceAgeSeconds: number | null
}
/** Parameters of {@link toReportSummary}. */
export type ToReportSummaryParameters = {
  /** The engine's report, or the summary of it a `marginSummaryEach` task returns. */
  report: MarginReportSummary
  freshness: readonly ChainFreshness[]
  /** Reasons found outside the engine (stale chains, unmapped rows): any one makes the status UNKNOWN. */
  reasons: readonly string[]
}

/** The chains' freshness views by the request's freshness array (the same for every wallet of a batch). */
const freshnessViews = new WeakMap<readonly ChainFreshness[], ViewOf<typeof ChainFreshnessWire>[]>()

/**
 * The fields of {@link toReportView} that batch solvency reads, by the same rules (UNKNOWN with the
 * API's reasons, health null when unbounded; see `reportStatus`), without mapping the rest of the
 * report (USD figures, position lines, cent allocations): 1,000 full views cost a solvency request
 * most of its time. The chains' freshness views are mapped once per request and shared.
 *
 * @example
 * const summary = toReportSummary({ report, freshness, reasons: [] })
 * summary.status // 'HEALTHY'
 */
export function toReportSummary(parameters: ToReportSummaryParameters): MarginSummaryView {
  const { report, reasons } = parameters
  const health = boundedHealth(report)
  let freshness = freshnessViews.get(parameters.freshness)
  if (!freshness) {
    freshness = parameters.freshness.map((chain) => ChainFreshnessWire.toView(chain))
    freshnessViews.set(parameters.freshness, freshness)
  }
  return {
    status: reportStatus(report, reasons),
    statusReasons: reportStatusReasons(report, reasons),
    health: formatHealth(health),
    healthValue: health,
    freshness,
    oldestPriceAgeSeconds: report.oldestPriceAgeSeconds,
  }
}
