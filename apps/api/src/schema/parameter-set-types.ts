import type { CalibratedFactor } from '@xmargin/engine'
import type { ParameterSet, ParameterSetView } from '../service/parameter-source.js'
import type { ApiBuilder } from './builder.js'
import type { ReportTypes } from './report-types.js'

/** One factor of a parameter set as `calibration` serves it. */
type FactorParametersView = {
  factor: string
  volatility: number
  scanRange: number
  volUp: number
  volDown: number
  /** Null for a factor with static parameters. */
  calibrated: CalibratedFactor | null
}

/**
 * Adds `ParameterSet` and its field `MarginReport.parameterSet` (the set a report used),
 * `ParameterModel`, and `Query.calibration` (the current set with its per-factor figures and
 * correlations).
 *
 * @example
 * const { ParameterSet } = addParameterSetTypes(builder, reports)
 */
export function addParameterSetTypes(builder: ApiBuilder, reports: Pick<ReportTypes, 'MarginReport'>) {
  const ParameterModel = builder.enumType('ParameterModel', {
    values: {
      STATIC: { value: 'static', description: "The config's risk parameters." },
      DYNAMIC: {
        value: 'dynamic',
        description:
          'Calibrated from the indexed feed rounds (EWMA, EMIR art. 28 stressed weight, fall cap) as of the pinned blocks.',
      },
    } as const,
  })
  const Window = builder.objectRef<NonNullable<ParameterSetView['window']>>('CalibrationWindow')
  Window.implement({
    description:
      'The look-back of a calibration: first and last daily close (unix seconds), and their count.',
    fields: (t) => ({
      from: t.exposeInt('from'),
      to: t.exposeInt('to'),
      observations: t.exposeInt('observations'),
    }),
  })
  const Pin = builder.objectRef<ParameterSetView['asOf'][number]>('ParameterSetPin')
  Pin.implement({
    fields: (t) => ({ chainId: t.exposeInt('chainId'), blockNumber: t.exposeInt('blockNumber') }),
  })
  const ParameterSet = builder.objectRef<ParameterSetView>('ParameterSet')
  ParameterSet.implement({
    description:
      'The risk parameters a report used: the static set (id = sha256 of the config parameters) or a calibration (id = its content hash).',
    fields: (t) => ({
      id: t.exposeString('id'),
      model: t.expose('model', { type: ParameterModel }),
      window: t.expose('window', { type: Window, nullable: true }),
      asOf: t.expose('asOf', { type: [Pin], description: 'The pinned blocks the set was read as of.' }),
    }),
  })

  builder.objectField(reports.MarginReport, 'parameterSet', (t) =>
    t.field({
      type: ParameterSet,
      description: 'The risk parameters this report used (static, or the calibration by id).',
      // The report object is derived from the engine's report (MarginReportWire); the parameter set
      // is the API's own, carried beside it on every MarginReportView (the ref's shape).
      resolve: (report) => report.parameterSet,
    }),
  )

  const FactorParameters = builder.objectRef<FactorParametersView>('FactorParameters')
  FactorParameters.implement({
    fields: (t) => ({
      factor: t.exposeString('factor'),
      volatility: t.exposeFloat('volatility', { description: 'Annualised (0.7 = 70%).' }),
      scanRange: t.exposeFloat('scanRange', {
        description: 'Relative spot move of the scenario grid (0.15 = 15%).',
      }),
      volUp: t.exposeFloat('volUp'),
      volDown: t.exposeFloat('volDown'),
      calibrated: t.boolean({ resolve: (f) => f.calibrated !== null }),
      volatilitySource: t.string({
        nullable: true,
        description: 'realised (EWMA) or implied (configured); null when static.',
        resolve: (f) => f.calibrated?.volatilitySource ?? null,
      }),
      periodVolatility: t.float({
        nullable: true,
        description: 'Current EWMA σ of one period (day).',
        resolve: (f) => f.calibrated?.periodVolatility ?? null,
      }),
      stressedPeriodVolatility: t.float({
        nullable: true,
        description: 'Peak EWMA σ over the look-back.',
        resolve: (f) => f.calibrated?.stressedPeriodVolatility ?? null,
      }),
      blendedPeriodVolatility: t.float({
        nullable: true,
        description: 'σ after EMIR art. 28(1)(b): the weight on stressed observations of the look-back.',
        resolve: (f) => f.calibrated?.blendedPeriodVolatility ?? null,
      }),
      floored: t.stringList({
        description:
          'Parameters the static floor held up (EMIR art. 28(1)(c): scan, volatility): the realised value was below that share of the static one.',
        resolve: (f) => [...(f.calibrated?.floored ?? [])],
      }),
      fallCapped: t.stringList({
        description:
          'Parameters the fall cap held up against the previous calibration (scan, volatility, volUp, volDown).',
        resolve: (f) => [...(f.calibrated?.capped ?? [])],
      }),
    }),
  })
  const Correlation = builder.objectRef<readonly [string, string, number]>('FactorCorrelation')
  Correlation.implement({
    fields: (t) => ({
      a: t.string({ resolve: (c) => c[0] }),
      b: t.string({ resolve: (c) => c[1] }),
      value: t.float({ resolve: (c) => c[2] }),
    }),
  })
  const Calibration = builder.objectRef<ParameterSet>('Calibration')
  Calibration.implement({
    description: 'The parameter set reports use now, with what it is made of.',
    fields: (t) => ({
      parameterSet: t.field({ type: ParameterSet, resolve: (s) => s.view }),
      factors: t.field({
        type: [FactorParameters],
        resolve: (s) =>
          Object.keys(s.params.factors)
            .sort()
            .map((factor) => {
              const p = s.params.factors[factor]!
              return {
                factor,
                volatility: p.volatility,
                scanRange: p.scan,
                volUp: p.volUp,
                volDown: p.volDown,
                calibrated: s.calibration?.factors.find((f) => f.factor === factor) ?? null,
              }
            }),
      }),
      correlations: t.field({
        type: [Correlation],
        description: 'Every pair of factors the parameters correlate.',
        resolve: (s) => s.params.correlations.map((c) => [c[0], c[1], c[2]] as const),
      }),
      stressedWeight: t.float({
        nullable: true,
        description: 'EMIR art. 28(1)(b) weight of stressed observations; null when static.',
        resolve: (s) => s.calibration?.settings.stressedWeight ?? null,
      }),
      staticFloor: t.float({
        nullable: true,
        description:
          'EMIR art. 28(1)(c)-style floor: the share of the static scan ranges and volatilities no calibrated one goes below; null when static.',
        resolve: (s) => s.calibration?.settings.staticFloor ?? null,
      }),
      maxFall: t.float({
        nullable: true,
        description: 'Largest relative fall of a parameter per calibration; null when static.',
        resolve: (s) => s.calibration?.settings.maxFall ?? null,
      }),
      correlationRepaired: t.boolean({
        description: 'Whether the correlation estimate needed the nearest-PSD repair (Higham).',
        resolve: (s) => s.calibration?.correlationRepair.repaired ?? false,
      }),
    }),
  })
  builder.queryFields((t) => ({
    calibration: t.field({
      type: Calibration,
      description:
        'The current parameter set as of this request’s pinned blocks. Dynamic: STALE_DATA when the price history is stale, INSUFFICIENT_HISTORY when it is shorter than the window (reports answer UNKNOWN stale-history / insufficient-history instead).',
      resolve: (_root, _args, ctx) => ctx.service.parameterSet(),
    }),
  }))
  return { ParameterSet, ParameterModel }
}

/** The parameter-set refs. */
export type ParameterSetTypes = ReturnType<typeof addParameterSetTypes>
