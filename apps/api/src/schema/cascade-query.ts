import { type StressScenarioName, stressScenarios } from '@xmargin/engine'
import { ApiError } from '../errors.js'
import {
  cascadeBounds,
  runCascadeQuery,
  runCoverTwoQuery,
  selectWallets,
  withImpactOverrides,
} from '../service/cascade.js'
import { checkIntRange, checkShocks, type ShockInputShape } from '../service/input-bounds.js'
import type { ApiBuilder } from './builder.js'
import { addCascadeTypes } from './cascade-types.js'
import type { Enums } from './enums.js'
import type { ReportTypes } from './report-types.js'

/** Price multipliers per factor from `ShockInput`s (spot only) or a named scenario's spot moves. */
function multipliersOf(
  shocks: readonly ShockInputShape[] | null | undefined,
  scenario: StressScenarioName | null | undefined,
  factors: Readonly<Record<string, unknown>>,
): { name: string; shock: Record<string, number> } {
  if ((scenario == null) === (shocks == null))
    throw new ApiError('BAD_USER_INPUT', 'Pass exactly one of `scenario` and `shocks`.')
  if (scenario != null) {
    const moves: Readonly<Record<string, { spot?: number; vol?: number }>> = stressScenarios[scenario]
    const shock: Record<string, number> = {}
    for (const [factor, move] of Object.entries(moves))
      if (move.spot !== undefined) shock[factor] = 1 + move.spot
    return { name: scenario, shock }
  }
  const checked = checkShocks({ inputs: shocks ?? [], factors })
  const shock: Record<string, number> = {}
  for (const [factor, move] of Object.entries(checked)) {
    if (move.vol !== undefined || move.spot === undefined)
      throw new ApiError(
        'BAD_USER_INPUT',
        `A cascade moves prices only: the shock of ${factor} needs \`spot\` and no \`vol\`.`,
      )
    shock[factor] = 1 + move.spot
  }
  return { name: 'custom', shock }
}

/**
 * Adds `Query.cascade` (a liquidation cascade over tracked wallets: rounds, end state, isolated
 * versus portfolio margin) and `Query.coverTwo` (the default fund of the two largest losses).
 *
 * @example
 * addCascadeQueries(builder, enums, reports, ShockInput)
 */
export function addCascadeQueries(
  builder: ApiBuilder,
  enums: Enums,
  reports: ReportTypes,
  ShockInput: ReturnType<ApiBuilder['inputType']>,
): void {
  const { Cascade, CoverTwo } = addCascadeTypes(builder, enums, reports)
  const DepthCurveInput = builder.inputType('DepthCurveInput', {
    description:
      "A depth curve for a factor's forced sales, replacing the server's (config `priceImpact`): the USD a seller must sell to move the asset's price −2%.",
    fields: (t) => ({
      asset: t.string({ required: true, description: 'Risk-parameter asset: WETH, WBTC, USDC…' }),
      twoPercentDepthUsd: t.field({ type: 'Decimal', required: true }),
      feePips: t.int({ description: "Fee in pips (3000 = 0.3%); default the server curve's." }),
    }),
  })
  const CoverTwoScenarioInput = builder.inputType('CoverTwoScenarioInput', {
    fields: (t) => ({
      name: t.string({ required: true }),
      shocks: t.field({ type: [ShockInput], required: true, description: 'Spot moves only.' }),
    }),
  })
  const selection = (t: Parameters<Parameters<ApiBuilder['queryFields']>[0]>[0]) => ({
    addresses: t.arg({ type: ['Address'], description: 'Tracked wallets.' }),
    account: t.arg.string({ description: 'A named account.' }),
    all: t.arg.boolean({ description: 'Every tracked wallet.' }),
  })

  builder.queryFields((t) => ({
    cascade: t.field({
      type: Cascade,
      description: `A liquidation cascade over stored positions at one pinned cut: the shock, then rounds of each venue's own liquidations, forced sales into each factor's market and the prices they move, until a quiet round or maxRounds. Exactly one of addresses, account, all (at most ${cascadeBounds.maxWallets} wallets); exactly one of shocks (spot only) and scenario (its spot moves).`,
      args: {
        ...selection(t),
        shocks: t.arg({ type: [ShockInput] }),
        scenario: t.arg({ type: enums.StressScenario }),
        impact: t.arg({ type: [DepthCurveInput] }),
        maxRounds: t.arg.int({ defaultValue: cascadeBounds.defaultRounds }),
      },
      resolve: async (_root, args, ctx) => {
        const params = ctx.marginService.riskParameters
        const maxRounds = checkIntRange(
          args.maxRounds ?? cascadeBounds.defaultRounds,
          'maxRounds',
          cascadeBounds.maxRounds,
        )
        const { name, shock } = multipliersOf(
          args.shocks as ShockInputShape[] | null | undefined,
          args.scenario,
          params.factors,
        )
        const curves = withImpactOverrides(ctx.marginService.priceImpact, args.impact ?? [], params)
        // withImpactOverrides checked every asset: each has a factor
        const curveFactors = (args.impact ?? []).flatMap((i) => params.assets[i.asset]?.factor ?? [])
        const wallets = await selectWallets(ctx.store, args)
        return runCascadeQuery({
          service: ctx.service,
          wallets,
          scenario: name,
          shock,
          curves,
          curveFactors,
          maxRounds,
        })
      },
    }),
    coverTwo: t.field({
      type: CoverTwo,
      description: `Cover-2 over stored positions at one pinned cut: under each scenario, every venue account's loss beyond its margin; the fund covers the two largest, in the worst scenario. Scenarios: named ones and custom ones (spot moves), at most ${cascadeBounds.maxScenarios}.`,
      args: {
        ...selection(t),
        scenarios: t.arg({ type: [enums.StressScenario] }),
        custom: t.arg({ type: [CoverTwoScenarioInput] }),
      },
      resolve: async (_root, args, ctx) => {
        const factors = ctx.marginService.riskParameters.factors
        const scenarios = [
          ...(args.scenarios ?? []).map((s) => multipliersOf(null, s, factors)),
          ...(args.custom ?? []).map((c) => ({
            ...multipliersOf(c.shocks as ShockInputShape[], null, factors),
            name: c.name,
          })),
        ]
        if (scenarios.length === 0)
          throw new ApiError('BAD_USER_INPUT', 'Give at least one scenario (`scenarios` or `custom`).')
        checkIntRange(scenarios.length, 'scenarios', { min: 1, max: cascadeBounds.maxScenarios })
        const wallets = await selectWallets(ctx.store, args)
        return runCoverTwoQuery({ service: ctx.service, wallets, scenarios })
      },
    }),
  }))
}
