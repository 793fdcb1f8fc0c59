import { assertAddressCount } from '../errors.js'
import type { MarginHistoryStepView } from '../service/margin-history.js'
import type { ApiBuilder } from './builder.js'
import type { Enums } from './enums.js'

/**
 * Adds `Query.marginHistory` and `MarginHistoryStep`.
 *
 * @example
 * addMarginHistoryQuery(builder, enums)
 */
export function addMarginHistoryQuery(builder: ApiBuilder, enums: Enums): void {
  const Block = builder.objectRef<MarginHistoryStepView['blocks'][number]>('HistoryBlock')
  Block.implement({
    fields: (t) => ({ chainId: t.exposeInt('chainId'), blockNumber: t.exposeInt('blockNumber') }),
  })
  const Step = builder.objectRef<MarginHistoryStepView>('MarginHistoryStep')
  Step.implement({
    description:
      "A book's figures at one past time, read from the store's versions at that time's blocks. USD as decimal strings; null when the step could not be computed (statusReasons say why).",
    fields: (t) => ({
      time: t.exposeInt('time', { description: 'Unix seconds.' }),
      blocks: t.expose('blocks', {
        type: [Block],
        description: 'Per chain, the last stored block at or before `time` that the step was read at.',
      }),
      status: t.expose('status', { type: enums.MarginStatus }),
      statusReasons: t.exposeStringList('statusReasons', {
        description:
          'Why UNKNOWN: no-block-at-time:<chain>, outside-retained-history:<chain> (below the finalized block the store keeps superseded versions for store.retainHistoryDays), stale-history:<factor>@<chain> (dynamic: the book holds a factor whose history as of the step is stale) or insufficient-history (the history cannot give the parameter set), parameter-set:<code> (any other refusal of the set), or a report reason.',
      }),
      equity: t.expose('equity', { type: 'Decimal', nullable: true }),
      initialMargin: t.expose('initialMargin', { type: 'Decimal', nullable: true }),
      maintenanceMargin: t.expose('maintenanceMargin', { type: 'Decimal', nullable: true }),
      health: t.expose('health', { type: 'Decimal', nullable: true }),
      parameterSet: t.exposeString('parameterSet', {
        nullable: true,
        description: 'Id of the parameter set used.',
      }),
    }),
  })
  builder.queryFields((t) => ({
    marginHistory: t.field({
      type: [Step],
      description:
        'Equity, IM, MM, health and status of a set of wallets every `step` seconds from `from` to `to` (unix seconds, at most 1,000 steps), computed from the stored versions at past blocks, so any tracked wallet and any model.',
      args: {
        addresses: t.arg({ type: ['Address'], required: true }),
        from: t.arg.int({ required: true }),
        to: t.arg.int({ required: true }),
        step: t.arg.int({ required: true }),
        model: t.arg({ type: enums.MarginModel, defaultValue: 'portfolio' }),
      },
      resolve: (_root, args, ctx) => {
        assertAddressCount(args.addresses)
        return ctx.service.history(args.addresses, {
          from: args.from,
          to: args.to,
          step: args.step,
          model: args.model ?? 'portfolio',
        })
      },
    }),
  }))
}
