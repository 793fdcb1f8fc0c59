import { assertAddressCount } from '../errors.js'
import { checkDecimalRange, inputBounds } from '../service/input-bounds.js'
import type { MarginReportView } from '../service/report-view.js'
import { watchMargin } from '../service/watch-margin.js'
import type { ApiBuilder } from './builder.js'
import type { Enums } from './enums.js'
import type { ReportTypes } from './report-types.js'

/**
 * Adds `Subscription.marginUpdated` and `Subscription.healthBelow` (SSE: `accept: text/event-stream`),
 * driven by the injected block event source.
 *
 * @example
 * addSubscriptions(builder, enums, reports)
 */
export function addSubscriptions(builder: ApiBuilder, enums: Enums, reports: ReportTypes): void {
  builder.subscriptionType({
    fields: (t) => ({
      marginUpdated: t.field({
        type: reports.MarginReport,
        description: 'The report now, then each time a new indexed block or price changes it.',
        args: {
          addresses: t.arg({ type: ['Address'], required: true }),
          model: t.arg({ type: enums.MarginModel, defaultValue: 'portfolio' }),
        },
        subscribe: (_root, args, ctx) => {
          assertAddressCount(args.addresses)
          return watchMargin({
            marginService: ctx.marginService,
            blockEvents: ctx.blockEvents,
            wallets: args.addresses,
            model: args.model ?? 'portfolio',
          })
        },
        resolve: (report: MarginReportView) => report,
      }),
      healthBelow: t.field({
        type: reports.MarginReport,
        description: 'Reports whose health is below `threshold` (or LIQUIDATABLE), as they change.',
        args: {
          addresses: t.arg({ type: ['Address'], required: true }),
          threshold: t.arg({ type: 'Decimal', required: true }),
          model: t.arg({ type: enums.MarginModel, defaultValue: 'portfolio' }),
        },
        subscribe: (_root, args, ctx) => {
          assertAddressCount(args.addresses)
          const threshold = checkDecimalRange(args.threshold, 'threshold', inputBounds.threshold)
          return watchMargin({
            marginService: ctx.marginService,
            blockEvents: ctx.blockEvents,
            wallets: args.addresses,
            model: args.model ?? 'portfolio',
            filter: (r) =>
              r.status === 'LIQUIDATABLE' || (r.healthValue !== null && r.healthValue < threshold),
          })
        },
        resolve: (report: MarginReportView) => report,
      }),
    }),
  })
}
