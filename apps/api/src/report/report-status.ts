/**
 * The rules behind a margin report's status, reasons and health on the wire, shared by the full view
 * (`MarginReportWire`) and batch solvency's summary (`toReportSummary`).
 */
import type { MarginReport } from '@xmargin/engine'
import { formatRatio } from './wire-object.js'

/**
 * A report's status on the wire: UNKNOWN when the API found a reason (a stale chain, an unmapped
 * row) or the engine did, else the engine's status.
 *
 * @example
 * reportStatus({ status: 'HEALTHY', statusReasons: [] }, ['stale-chain:1']) // 'UNKNOWN'
 */
export function reportStatus(
  report: Pick<MarginReport, 'status' | 'statusReasons'>,
  reasons: readonly string[],
): MarginReport['status'] {
  return reasons.length > 0 || report.statusReasons.length > 0 ? 'UNKNOWN' : report.status
}

/**
 * Why a report is UNKNOWN on the wire: the API's reasons, then the engine's.
 *
 * @example
 * reportStatusReasons({ statusReasons: ['stale-price:WETH@1'] }, ['stale-chain:1']) // ['stale-chain:1', 'stale-price:WETH@1']
 */
export function reportStatusReasons(
  report: Pick<MarginReport, 'statusReasons'>,
  reasons: readonly string[],
): string[] {
  return [...reasons, ...report.statusReasons]
}

/**
 * Health when bounded (maintenance margin > 0 and a finite ratio), else null: what the wire's
 * `health` formats.
 *
 * @example
 * boundedHealth({ maintenanceMargin: 0, health: Number.POSITIVE_INFINITY }) // null
 */
export function boundedHealth(report: Pick<MarginReport, 'maintenanceMargin' | 'health'>): number | null {
  return report.maintenanceMargin > 0 && Number.isFinite(report.health) ? report.health : null
}

/**
 * A bounded health on the wire: a 6-place decimal, null when unbounded.
 *
 * @example
 * formatHealth(1.25) // '1.250000'
 */
export function formatHealth(health: number | null): string | null {
  return health === null ? null : formatRatio(health)
}
