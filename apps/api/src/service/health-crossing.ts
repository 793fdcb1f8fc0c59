import type { MarginReportView } from './report-view.js'

/** What `healthBelow` sends: which side of the threshold the book is now on, and the report. */
export type HealthCrossingView = {
  /** true: the book went below the threshold (or was below when the subscription began); false: it recovered. */
  below: boolean
  /** The threshold as the client gave it. */
  threshold: string
  report: MarginReportView
}

/** Parameters of {@link createHealthCrossings}. */
export type CreateHealthCrossingsParameters = {
  /** The threshold as the client gave it (a decimal string). */
  threshold: string
  /** The same threshold as a number, compared with the report's health. */
  thresholdValue: number
}
/** Return type of {@link createHealthCrossings}. */
export type CreateHealthCrossingsReturnType = (report: MarginReportView) => HealthCrossingView | undefined

/**
 * Turns a stream of reports into threshold crossings: the first report is sent only when it is
 * already below; afterwards a report is sent only when it is on the other side of the threshold
 * than the last one sent, so a book that stays below (or above) sends nothing however its figures
 * move. Below means health under the threshold, or status `LIQUIDATABLE` (health is null when
 * maintenance margin is 0); an `UNKNOWN` report is judged on the health it computed, and the
 * report sent carries its status and reasons.
 *
 * @example
 * const next = createHealthCrossings({ threshold: '1.2', thresholdValue: 1.2 })
 * next(reportAt(1.5)) // undefined: above from the start
 * next(reportAt(1.1)) // { below: true, threshold: '1.2', report }
 * next(reportAt(1.0)) // undefined: still below
 * next(reportAt(1.3)) // { below: false, threshold: '1.2', report }
 */
export function createHealthCrossings(
  parameters: CreateHealthCrossingsParameters,
): CreateHealthCrossingsReturnType {
  const { threshold, thresholdValue } = parameters
  let wasBelow = false
  return (report) => {
    const below =
      report.status === 'LIQUIDATABLE' || (report.healthValue !== null && report.healthValue < thresholdValue)
    if (below === wasBelow) return undefined
    wasBelow = below
    return { below, threshold, report }
  }
}
