import type { ModelName } from '@xmargin/engine'
import { ApiError, assertAddressCount } from '../errors.js'
import { fieldWorkUnits } from '../server/estimate-work.js'
import { createHealthCrossings, type HealthCrossingView } from '../service/health-crossing.js'
import { checkDecimalRange, inputBounds } from '../service/input-bounds.js'
import type { MarginReportView } from '../service/report-view.js'
import { watchMargin } from '../service/watch-margin.js'
import type { ApiBuilder, ApiContext } from './builder.js'
import type { Enums } from './enums.js'
import type { ReportTypes } from './report-types.js'
import { createSelectionFingerprint } from './selection-fingerprint.js'

/**
 * Adds `Subscription.marginUpdated` and `Subscription.healthBelow` (SSE: `accept: text/event-stream`),
 * driven by the injected block event source.
 *
 * @example
 * addSubscriptions(builder, enums, reports)
 */
export function addSubscriptions(builder: ApiBuilder, enums: Enums, reports: ReportTypes): void {
  const HealthCrossing = builder.objectRef<HealthCrossingView>('HealthCrossing')
  HealthCrossing.implement({
    description: "A book crossing a health threshold, either way: `healthBelow`'s event.",
    fields: (t) => ({
      below: t.exposeBoolean('below', {
        description:
          'true: health went below the threshold or the book became LIQUIDATABLE (or was so when the subscription began); false: it recovered to at least the threshold.',
      }),
      threshold: t.expose('threshold', { type: 'Decimal' }),
      report: t.expose('report', { type: reports.MarginReport, description: 'The report that crossed.' }),
    }),
  })
  builder.subscriptionType({
    fields: (t) => ({
      marginUpdated: t.field({
        type: reports.MarginReport,
        description:
          "The report now, then again each time a new indexed block changes one of the selected fields (the chains' block numbers, hashes, timestamps, lags and ages excepted: they ride along but never cause an event).",
        args: {
          addresses: t.arg({ type: ['Address'], required: true }),
          model: t.arg({ type: enums.MarginModel, defaultValue: 'portfolio' }),
        },
        subscribe: async (_root, args, ctx, info) => {
          assertAddressCount(args.addresses)
          const fingerprint = createSelectionFingerprint({ info, context: ctx })
          let last: string | undefined
          return watchMargin({
            marginService: ctx.marginService,
            blockEvents: ctx.blockEvents,
            wallets: args.addresses,
            model: args.model ?? 'portfolio',
            ...(await recomputeBudget(ctx, 'marginUpdated', args.addresses, args.model ?? 'portfolio')),
            next: async (report) => {
              const print = await fingerprint(report)
              if (print === last) return undefined
              last = print
              return report
            },
          })
        },
        resolve: (report: MarginReportView | ApiError) => {
          if (report instanceof ApiError) throw report
          return report
        },
      }),
      healthBelow: t.field({
        type: HealthCrossing,
        description:
          'One event when the book goes below `threshold` (health under it, or LIQUIDATABLE), one when it recovers to at least `threshold`; nothing while it stays on one side. The first event comes at once if the book is already below.',
        args: {
          addresses: t.arg({ type: ['Address'], required: true }),
          threshold: t.arg({ type: 'Decimal', required: true }),
          model: t.arg({ type: enums.MarginModel, defaultValue: 'portfolio' }),
        },
        subscribe: async (_root, args, ctx) => {
          assertAddressCount(args.addresses)
          const thresholdValue = checkDecimalRange(args.threshold, 'threshold', inputBounds.threshold)
          return watchMargin({
            marginService: ctx.marginService,
            blockEvents: ctx.blockEvents,
            wallets: args.addresses,
            model: args.model ?? 'portfolio',
            ...(await recomputeBudget(ctx, 'healthBelow', args.addresses, args.model ?? 'portfolio')),
            next: createHealthCrossings({ threshold: args.threshold, thresholdValue }),
          })
        },
        resolve: (crossing: HealthCrossingView | ApiError) => {
          if (crossing instanceof ApiError) throw crossing
          return crossing
        },
      }),
    }),
  })
}

/**
 * A subscription's recomputations charged to its client at the rate its subscribe was (the field's
 * work units: each wallet by its current positions, counted once when it subscribes, × model units),
 * each under the execution timeout.
 */
async function recomputeBudget(
  ctx: ApiContext,
  field: 'marginUpdated' | 'healthBelow',
  addresses: readonly `0x${string}`[],
  model: ModelName,
) {
  const wallets = [...new Set(addresses.map((a) => a.toLowerCase() as `0x${string}`))]
  const counts = new Map(
    (await ctx.store.countPositions({ wallets })).map((row) => [row.wallet, row.count] as const),
  )
  const cost = Math.max(
    1,
    fieldWorkUnits(
      field,
      wallets.map((w) => counts.get(w) ?? 0),
      model,
    ),
  )
  return { charge: () => ctx.chargeWork(cost), timeoutMs: ctx.timeoutMs }
}
