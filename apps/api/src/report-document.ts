/**
 * The full `MarginReport` selection and the documents the CLI (and any client that wants the whole
 * report) sends. Their result and variable types are inferred from `schema.graphql` (gql.tada), so
 * the CLI's `--json` is the API's report field for field and no client keeps a copy of its shape.
 */
import { graphql, type ResultOf, type VariablesOf } from './graphql/graphql.js'

/** Every field of `MarginReport`, nested objects included. */
export const marginReportFragment = graphql(`
  fragment MarginReportFields on MarginReport {
    model status statusReasons equity collateralValue adjustedCollateral
    initialMargin maintenanceMargin freeCollateral health isolatedInitialMargin isolatedMaintenanceMargin capitalSaved
    liquidationPrices { factor referenceAsset spot price below above }
    basisLiquidations { asset factor spot below above }
    positions { id chainId venue wallet kind asset factor amount decimals quantity price value contribution maintenanceMargin impliedVolatility stale }
    excluded { id reason }
    venues {
      rule chainId venue wallet market liquidates health collateral requirement liquidatable
      liquidationPrices { factor referenceAsset spot price below above }
      basisLiquidations { asset factor spot below above }
      restore { chainId venue asset quantity value }
      nativeHealth nativeHealthWad totalCollateralBase totalDebtBase availableBorrowsBase currentLiquidationThreshold ltv
    }
    venueStatus
    bindingVenue { rule chainId venue wallet market factor asset kind price move }
    freshness { chainId blockNumber blockHash timestamp ageSeconds lagBlocks stale }
    prices { asset chainId source updatedAt ageSeconds stale }
    parameterSet { id model window { from to observations } asOf { chainId blockNumber } }
  }
`)

/** `margin(addresses, model, requireFresh)` with the full report. */
export const marginQueryDocument = graphql(
  `
  query XmarginMargin($addresses: [Address!]!, $model: MarginModel, $requireFresh: Boolean) {
    margin(addresses: $addresses, model: $model, requireFresh: $requireFresh) { ...MarginReportFields }
  }
`,
  [marginReportFragment],
)

/** `stressTest(addresses, scenario | shocks, model)`, both reports and the delta. */
export const stressQueryDocument = graphql(
  `
  query XmarginStress($addresses: [Address!]!, $scenario: StressScenario, $shocks: [ShockInput!], $model: MarginModel) {
    stressTest(addresses: $addresses, scenario: $scenario, shocks: $shocks, model: $model) {
      scenario
      before { ...MarginReportFields }
      after { ...MarginReportFields }
      delta { equity initialMargin maintenanceMargin freeCollateral health }
    }
  }
`,
  [marginReportFragment],
)

/** Every field of `CascadeRegime` (one side of a cascade's comparison), its rounds included. */
export const cascadeRegimeFragment = graphql(`
  fragment CascadeRegimeFields on CascadeRegime {
    wallets walletsSurviving walletsLiquidated liquidatedValue badDebt rounds fixedPoint multipliers { factor multiplier }
    byRound {
      round multipliers { factor multiplier } prices { asset price }
      liquidations walletsHit unresolved collateralSeizedValue debtRepaidValue badDebt
      sales { factor amountIn amountOut multiplierAfter }
    }
  }
`)

/** `cascade(...)` with every field: what `xmargin cascade` prints and its `--json`. */
export const cascadeQueryDocument = graphql(
  `
  query XmarginCascade($addresses: [Address!], $account: String, $all: Boolean, $shocks: [ShockInput!], $scenario: StressScenario, $impact: [DepthCurveInput!], $maxRounds: Int) {
    cascade(addresses: $addresses, account: $account, all: $all, shocks: $shocks, scenario: $scenario, impact: $impact, maxRounds: $maxRounds) {
      wallets scenario shock { factor multiplier } maxRounds fixedPoint reasons
      rounds {
        round multipliers { factor multiplier } prices { asset price }
        liquidations { venue chainId wallet market collateralAsset collateralSeized collateralSeizedValue debtAsset debtRepaid debtRepaidValue badDebt toxic }
        byVenue { venue chainId liquidations collateralSeizedValue debtRepaidValue badDebt }
        badDebt walletsHit
        unmodelled { venue chainId wallet health }
        sales { factor amountIn amountOut multiplierAfter }
      }
      end {
        liquidations totalLiquidated totalRepaid badDebt walletsHit
        byVenue { venue chainId liquidations collateralSeizedValue debtRepaidValue badDebt }
        multipliers { factor multiplier } prices { asset price }
      }
      comparison {
        isolated { ...CascadeRegimeFields }
        portfolio { ...CascadeRegimeFields }
      }
      markets { kind factor asset chainId pool poolBlock quote twoPercentDepthUsd feePips price depth }
      blocks { chainId blockNumber blockHash timestamp ageSeconds lagBlocks stale }
    }
  }
`,
  [cascadeRegimeFragment],
)

/** A `Cascade` as JSON on the wire (inferred from the SDL). */
export type CascadeJson = ResultOf<typeof cascadeQueryDocument>['cascade']

/** The variables of {@link cascadeQueryDocument}. */
export type CascadeQueryVariables = VariablesOf<typeof cascadeQueryDocument>

/** A `MarginReport` as JSON on the wire (inferred from the SDL): big integers and money as strings, enums upper case. */
export type MarginReportJson = ResultOf<typeof marginReportFragment>

/** A `MarginComparison` (stress test) as JSON on the wire (inferred from the SDL). */
export type MarginComparisonJson = ResultOf<typeof stressQueryDocument>['stressTest']

/** The variables of {@link marginQueryDocument}. */
export type MarginQueryVariables = VariablesOf<typeof marginQueryDocument>

/** The variables of {@link stressQueryDocument}. */
export type StressQueryVariables = VariablesOf<typeof stressQueryDocument>

/** A `MarginModel` enum value, as the SDL lists them (`'PORTFOLIO' | …`). */
export type MarginModelValue = NonNullable<MarginQueryVariables['model']>

/** A `StressScenario` enum value, as the SDL lists them (`'CRYPTO_CRASH' | …`). */
export type StressScenarioValue = NonNullable<StressQueryVariables['scenario']>

/** One `ShockInput` as the SDL types it (relative moves as decimal strings). */
export type ShockInputJson = NonNullable<StressQueryVariables['shocks']>[number]
