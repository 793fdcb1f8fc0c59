import { baselBacktestObservations } from '@xmargin/engine'
import { ApiError, assertAddressCount } from '../errors.js'
import type { BacktestView } from '../service/backtest.js'
import type { ApiBuilder } from './builder.js'
import type { Enums } from './enums.js'
import type { ParameterSetTypes } from './parameter-set-types.js'

/**
 * Adds `Query.backtest` and its types (`Backtest`, `BacktestDay`, `TestStatistic`, `TrafficLight`).
 *
 * @example
 * addBacktestQuery(builder, enums, parameterSets)
 */
export function addBacktestQuery(builder: ApiBuilder, enums: Enums, parameterSets: ParameterSetTypes): void {
  const BacktestMargin = builder.enumType('BacktestMargin', {
    values: {
      INITIAL: {
        value: 'initial',
        description: "Each day's loss against the previous day's initial margin.",
      },
      MAINTENANCE: {
        value: 'maintenance',
        description: "Each day's loss against the previous day's maintenance margin.",
      },
    } as const,
  })
  const Zone = builder.enumType('TrafficLightZone', {
    values: {
      GREEN: { value: 'green', description: 'Cumulative binomial probability below 95%.' },
      YELLOW: { value: 'yellow', description: 'From 95% to below 99.99%.' },
      RED: { value: 'red', description: '99.99% or more.' },
    } as const,
  })
  const Statistic = builder.objectRef<BacktestView['kupiec']>('TestStatistic')
  Statistic.implement({
    description: 'A likelihood-ratio statistic and its χ² p-value (small p rejects the margin).',
    fields: (t) => ({ statistic: t.exposeFloat('statistic'), pValue: t.exposeFloat('pValue') }),
  })
  const TrafficLight = builder.objectRef<BacktestView['trafficLight']>('TrafficLight')
  TrafficLight.implement({
    description: 'Basel Committee (1996) traffic light from the number of exceptions.',
    fields: (t) => ({
      zone: t.expose('zone', { type: Zone }),
      cumulativeProbability: t.exposeFloat('cumulativeProbability'),
      plusFactor: t.exposeFloat('plusFactor', {
        nullable: true,
        description: 'Basel plus factor; defined for 250 observations at 99% only.',
      }),
    }),
  })
  const Day = builder.objectRef<BacktestView['days'][number]>('BacktestDay')
  Day.implement({
    fields: (t) => ({
      time: t.exposeInt('time', { description: 'Close of the P&L day, unix seconds.' }),
      pnl: t.expose('pnl', { type: 'Decimal', description: 'Change of equity over the day, USD.' }),
      margin: t.expose('margin', { type: 'Decimal', description: 'Margin held from the day before, USD.' }),
      exception: t.exposeBoolean('exception', { description: 'The loss exceeded the margin held.' }),
      parameterSet: t.exposeString('parameterSet', {
        description: 'Id of the parameter set of that margin.',
      }),
    }),
  })
  const Backtest = builder.objectRef<BacktestView>('Backtest')
  Backtest.implement({
    description:
      "Today's book held over the stored price history: each day's P&L against the previous day's margin.",
    fields: (t) => ({
      parameters: t.expose('parameters', { type: parameterSets.ParameterModel }),
      margin: t.expose('margin', { type: BacktestMargin }),
      confidence: t.exposeFloat('confidence'),
      window: t.exposeInt('window', {
        nullable: true,
        description: 'Dynamic: observations per calibration.',
      }),
      observations: t.exposeInt('observations'),
      exceptions: t.exposeInt('exceptions'),
      coverage: t.exposeFloat('coverage', { description: 'Share of days without an exception.' }),
      kupiec: t.expose('kupiec', { type: Statistic, description: 'Kupiec proportion of failures, χ²(1).' }),
      christoffersen: t.expose('christoffersen', {
        type: Statistic,
        description: 'Christoffersen independence of exceptions, χ²(1).',
      }),
      conditionalCoverage: t.expose('conditionalCoverage', {
        type: Statistic,
        description: 'Kupiec + independence, χ²(2).',
      }),
      trafficLight: t.expose('trafficLight', { type: TrafficLight }),
      days: t.expose('days', { type: [Day] }),
    }),
  })
  builder.queryFields((t) => ({
    backtest: t.field({
      type: Backtest,
      description:
        "Backtests the book of wallets (or an account) over the last `days` of the stored price history (INSUFFICIENT_HISTORY when shorter), with the config's parameter model unless `parameters` says otherwise.",
      args: {
        addresses: t.arg({ type: ['Address'] }),
        account: t.arg.string({ description: 'A named account instead of addresses.' }),
        days: t.arg.int({ defaultValue: baselBacktestObservations }),
        confidence: t.arg.float({ defaultValue: 0.99 }),
        parameters: t.arg({ type: parameterSets.ParameterModel }),
        margin: t.arg({ type: BacktestMargin, defaultValue: 'initial' }),
        window: t.arg.int({
          description:
            'Dynamic: observations per calibration (default the config’s margin.window; 365 under a static config).',
        }),
        model: t.arg({ type: enums.MarginModel, defaultValue: 'portfolio' }),
      },
      resolve: async (_root, args, ctx) => {
        let wallets: readonly string[]
        if ((args.addresses == null) === (args.account == null))
          throw new ApiError('BAD_USER_INPUT', 'Give addresses or account, exactly one of them.')
        if (args.account != null) {
          const account = await ctx.service.loaders.accounts.load(args.account)
          if (!account)
            throw new ApiError('BAD_USER_INPUT', `No account named ${JSON.stringify(args.account)}.`)
          wallets = account.wallets
        } else wallets = args.addresses!
        assertAddressCount(wallets)
        return ctx.service.backtest(wallets, {
          days: args.days ?? baselBacktestObservations,
          confidence: args.confidence ?? 0.99,
          parameters: args.parameters ?? undefined,
          margin: args.margin ?? 'initial',
          window: args.window ?? undefined,
          model: args.model ?? 'portfolio',
        })
      },
    }),
  }))
}
