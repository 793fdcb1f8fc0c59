/**
 * Every GraphQL document the dashboard sends, typed from the API's committed `schema.graphql`
 * (gql.tada, through `@xmargin/api`): a schema change that breaks the dashboard is a type error here.
 */
import { graphql, type ResultOf, type VariablesOf } from '@xmargin/api/graphql'
import { marginReportFragment } from '@xmargin/api/report-document'

/** The full report, now and at each block that changes it (SSE). */
export const marginUpdatedDocument = graphql(
  `
  subscription DashboardMargin($addresses: [Address!]!, $model: MarginModel) {
    marginUpdated(addresses: $addresses, model: $model) { ...MarginReportFields }
  }
`,
  [marginReportFragment],
)

/** The headline figures after shocks: one point of the margin curve or one cell of the heat map. */
export const shockPointDocument = graphql(`
  query DashboardShockPoint($addresses: [Address!]!, $shocks: [ShockInput!], $model: MarginModel) {
    stressTest(addresses: $addresses, shocks: $shocks, model: $model) {
      after { status equity initialMargin maintenanceMargin health }
    }
  }
`)

/** A what-if: the report before and after adding and/or removing positions, and the change. */
export const whatIfDocument = graphql(
  `
  query DashboardWhatIf($addresses: [Address!]!, $add: [PositionInput!], $remove: [String!], $model: MarginModel) {
    whatIf(addresses: $addresses, add: $add, remove: $remove, model: $model) {
      before { ...MarginReportFields }
      after { ...MarginReportFields }
      delta { equity initialMargin maintenanceMargin freeCollateral health }
    }
  }
`,
  [marginReportFragment],
)

/** A named account's wallets (null when no account has this id). */
export const accountDocument = graphql(`
  query DashboardAccount($id: String!) {
    account(id: $id) { id wallets { address } }
  }
`)

/** Batch solvency for the protocols page. */
export const solvencyDocument = graphql(`
  query DashboardSolvency($addresses: [Address!]!, $maxAgeSeconds: Int, $minHealth: Decimal, $model: MarginModel) {
    solvency(addresses: $addresses, maxAgeSeconds: $maxAgeSeconds, minHealth: $minHealth, model: $model) {
      address verdict status health reasons checkedAt oldestInputAgeSeconds
      blocks { chainId blockNumber stale }
    }
  }
`)

/**
 * A liquidation cascade (the API's `cascade`) over every tracked wallet or a list: per round the
 * factor moves, prices, liquidations per venue and chain, bad debt and wallets hit; the end state;
 * isolated venue rules versus cross-chain portfolio margin.
 */
export const cascadeDocument = graphql(`
  query DashboardCascade($addresses: [Address!], $all: Boolean, $shocks: [ShockInput!]) {
    cascade(addresses: $addresses, all: $all, shocks: $shocks) {
      wallets scenario fixedPoint maxRounds reasons
      shock { factor multiplier }
      markets { factor asset }
      rounds {
        round multipliers { factor multiplier } prices { asset price }
        byVenue { venue chainId liquidations collateralSeizedValue debtRepaidValue badDebt }
        badDebt walletsHit
        unmodelled { venue chainId wallet }
      }
      end { liquidations totalLiquidated totalRepaid badDebt walletsHit multipliers { factor multiplier } }
      comparison {
        isolated { wallets walletsSurviving walletsLiquidated liquidatedValue }
        portfolio { wallets walletsSurviving walletsLiquidated liquidatedValue }
      }
    }
  }
`)

/** The indexed chains' names (labels of the cascade's venues). */
export const chainsDocument = graphql(`
  query DashboardChains {
    chains { chainId name }
  }
`)

/** The risk factors the API's parameters define (what a shock may name). */
export const factorsDocument = graphql(`
  query DashboardFactors {
    calibration { factors { factor } }
  }
`)

/** The full margin report as the dashboard receives it. */
export type Report = ResultOf<typeof marginReportFragment>
/** One position line of a report. */
export type PositionLine = Report['positions'][number]
/** A what-if comparison. */
export type WhatIfResult = ResultOf<typeof whatIfDocument>['whatIf']
/** One hypothetical position. */
export type PositionInput = NonNullable<VariablesOf<typeof whatIfDocument>['add']>[number]
/** One row of the protocols page. */
export type SolvencyRow = ResultOf<typeof solvencyDocument>['solvency'][number]
/** A cascade as the dashboard receives it. */
export type CascadeResult = ResultOf<typeof cascadeDocument>['cascade']
/** One round of a cascade. */
export type CascadeRound = CascadeResult['rounds'][number]
/** One factor move of a shock (`ShockInput`). */
export type ShockInput = NonNullable<VariablesOf<typeof cascadeDocument>['shocks']>[number]
/** A `MarginModel` value as the schema lists them. */
export type MarginModel = NonNullable<VariablesOf<typeof marginUpdatedDocument>['model']>
/** A `PositionKind` value as the schema lists them. */
export type PositionKind = PositionInput['kind']
/** A `SolvencyVerdict` value as the schema lists them. */
export type SolvencyVerdict = SolvencyRow['verdict']
/** A `MarginStatus` value as the schema lists them. */
export type MarginStatus = Report['status']

/** Every `MarginModel`; the `satisfies` check fails to compile when the schema adds or drops one. */
export const marginModels = [
  'PORTFOLIO',
  'STANDARD',
  'ES',
  'AAVE_V3',
  'DERIVE_PMRM',
] as const satisfies readonly MarginModel[]
/** Every `PositionKind` a what-if can add. */
export const positionKinds = [
  'PERP',
  'OPTION',
  'SUPPLY',
  'DEBT',
  'SPOT',
] as const satisfies readonly PositionKind[]
/** Every `SolvencyVerdict`. */
export const solvencyVerdicts = [
  'SOLVENT',
  'INSOLVENT',
  'UNKNOWN',
] as const satisfies readonly SolvencyVerdict[]

// Compile-time: the lists above name every value of the schema's enums (a new value is an error here).
type Exhaustive<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : never
const everyModel: Exhaustive<MarginModel, (typeof marginModels)[number]> = true
const everyKind: Exhaustive<PositionKind, (typeof positionKinds)[number]> = true
const everyVerdict: Exhaustive<SolvencyVerdict, (typeof solvencyVerdicts)[number]> = true
void [everyModel, everyKind, everyVerdict]
