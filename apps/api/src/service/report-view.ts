import type { Position as CorePosition } from '@xmargin/core'
import type { MarginReport } from '@xmargin/engine'
import {
  type ChainFreshnessWire,
  type MarginReportContext,
  MarginReportWire,
  type MarginReportWireView,
} from '../report/report-wire.js'
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
  const health = healthOf(report)
  const view = MarginReportWire.toView(report, reportContext(parameters, health))
  return { ...view, parameterSet: parameters.parameterSet, healthValue: health }
}

/** What batch solvency reads of a wallet's report: its status, health and the ages of its inputs. */
export type MarginSummaryView = Pick<
  MarginReportView,
  'status' | 'statusReasons' | 'health' | 'healthValue' | 'freshness' | 'prices'
>
/** Parameters of {@link toReportSummary}. */
export type ToReportSummaryParameters = Omit<ToReportViewParameters, 'parameterSet'>

/** The chains' freshness views by the request's freshness array (the same for every wallet of a batch). */
const freshnessViews = new WeakMap<readonly ChainFreshness[], ViewOf<typeof ChainFreshnessWire>[]>()

/**
 * The fields of {@link toReportView} that batch solvency reads, each by its own wire field (the same
 * rules: UNKNOWN with the API's reasons, health null when unbounded), without mapping the rest of the
 * report (USD figures, position lines, cent allocations): 1,000 full views cost a solvency request
 * most of its time. The chains' freshness views are mapped once per request and shared.
 *
 * @example
 * const summary = toReportSummary({ report, positions, freshness, reasons: [] })
 * summary.status // 'HEALTHY'
 */
export function toReportSummary(parameters: ToReportSummaryParameters): MarginSummaryView {
  const { report } = parameters
  const health = healthOf(report)
  const context = reportContext(parameters, health)
  const { fields } = MarginReportWire
  let freshness = freshnessViews.get(parameters.freshness)
  if (!freshness) {
    freshness = fields.freshness.resolve(report, context)
    freshnessViews.set(parameters.freshness, freshness)
  }
  return {
    status: fields.status.resolve(report, context),
    statusReasons: fields.statusReasons.resolve(report, context),
    health: fields.health.resolve(report, context),
    healthValue: health,
    freshness,
    prices: fields.prices.resolve(report, context),
  }
}

/** Health when bounded (maintenance > 0 and finite), else null. */
function healthOf(report: MarginReport): number | null {
  return report.maintenanceMargin > 0 && Number.isFinite(report.health) ? report.health : null
}

/** The mapping context of a report; the positions by id and the cent allocations computed when first read. */
function reportContext(parameters: ToReportSummaryParameters, health: number | null): MarginReportContext {
  const { report } = parameters
  let positions: MarginReportContext['positions'] | undefined
  let initialMargin: MarginReportContext['initialMargin'] | undefined
  let maintenanceMargin: MarginReportContext['maintenanceMargin'] | undefined
  return {
    reasons: parameters.reasons,
    freshness: parameters.freshness,
    health,
    get positions() {
      positions ??= new Map(parameters.positions.map((p) => [p.id, p]))
      return positions
    },
    get initialMargin() {
      initialMargin ??= allocateCents({
        parts: report.positions.map((p) => p.initialMargin),
        total: report.initialMargin,
      })
      return initialMargin
    },
    get maintenanceMargin() {
      maintenanceMargin ??= allocateCents({
        parts: report.positions.map((p) => p.maintenanceMargin),
        total: report.maintenanceMargin,
      })
      return maintenanceMargin
    },
  }
}
