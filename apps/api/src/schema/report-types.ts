import { ChainFreshnessWire, MarginDeltaWire, MarginReportWire } from '../report/report-wire.js'
import type { ComparisonView } from '../service/margin-service.js'
import type { MarginReportView } from '../service/report-view.js'
import { addWireObject } from './add-wire-object.js'
import type { ApiBuilder } from './builder.js'
import type { Enums } from './enums.js'

/**
 * Adds `MarginReport` and its parts (`PositionLine`, `VenueFigure`, `ChainFreshness`, …), derived
 * from their descriptions in `src/report/report-wire.ts`, and `MarginComparison`.
 *
 * @example
 * const { MarginReport } = addReportTypes(builder, enums)
 */
export function addReportTypes(builder: ApiBuilder, enums: Enums) {
  // The objects the report's fields point to are added with it.
  // Every report the service resolves is a MarginReportView: the derived view plus the API's own
  // fields (its parameter set), which `parameter-set-types.ts` exposes. Added first, with that shape.
  const MarginReport = addWireObject<typeof MarginReportWire, MarginReportView>({
    builder,
    enums,
    object: MarginReportWire,
  })
  const ChainFreshness = addWireObject({ builder, enums, object: ChainFreshnessWire })
  const Delta = addWireObject({ builder, enums, object: MarginDeltaWire })
  const Comparison = builder.objectRef<ComparisonView>('MarginComparison')
  Comparison.implement({
    description:
      'A stress test or what-if: the report before, after, and the change of the headline figures.',
    fields: (t) => ({
      scenario: t.exposeString('scenario', { nullable: true }),
      before: t.expose('before', { type: MarginReport }),
      after: t.expose('after', { type: MarginReport }),
      delta: t.expose('delta', { type: Delta }),
    }),
  })
  return { MarginReport, Comparison, ChainFreshness }
}

/** The report refs. */
export type ReportTypes = ReturnType<typeof addReportTypes>
