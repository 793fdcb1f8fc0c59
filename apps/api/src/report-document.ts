/**
 * The full `MarginReport` selection and the documents the CLI (and any client that wants the whole
 * report) sends, with the JSON shape GraphQL answers with. One place, so the CLI's `--json` is the
 * API's report field for field.
 */

/** Every field of `MarginReport`, nested objects included. */
export const marginReportFields = `model status statusReasons equity collateralValue adjustedCollateral
initialMargin maintenanceMargin freeCollateral health isolatedInitialMargin isolatedMaintenanceMargin capitalSaved
liquidationPrices { factor referenceAsset spot price below above }
positions { id chainId venue wallet kind asset factor amount decimals quantity price value contribution maintenanceMargin stale }
excluded { id reason }
venues { chainId venue wallet nativeHealth nativeHealthWad totalCollateralBase totalDebtBase availableBorrowsBase currentLiquidationThreshold ltv }
freshness { chainId blockNumber blockHash timestamp ageSeconds lagBlocks stale }
prices { asset chainId source updatedAt ageSeconds stale }`

/** `margin(addresses, model)` with the full report. Variables: `{ addresses: string[], model?: MarginModel }`. */
export const marginQueryDocument = `query XmarginMargin($addresses: [Address!]!, $model: MarginModel) {
  margin(addresses: $addresses, model: $model) { ${marginReportFields} }
}`

/** `stressTest(addresses, scenario | shocks, model)`, both reports and the delta. */
export const stressQueryDocument = `query XmarginStress($addresses: [Address!]!, $scenario: StressScenario, $shocks: [ShockInput!], $model: MarginModel) {
  stressTest(addresses: $addresses, scenario: $scenario, shocks: $shocks, model: $model) {
    scenario
    before { ${marginReportFields} }
    after { ${marginReportFields} }
    delta { equity initialMargin maintenanceMargin freeCollateral health }
  }
}`

/** A `MarginReport` as JSON on the wire: big integers and money as strings, enums upper case. */
export type MarginReportJson = {
  model: 'PORTFOLIO' | 'STANDARD' | 'ES' | 'AAVE_V3' | 'DERIVE_PMRM'
  status: 'HEALTHY' | 'WARNING' | 'LIQUIDATABLE' | 'UNKNOWN'
  statusReasons: string[]
  equity: string
  collateralValue: string
  adjustedCollateral: string
  initialMargin: string
  maintenanceMargin: string
  freeCollateral: string
  health: string | null
  isolatedInitialMargin: string
  isolatedMaintenanceMargin: string
  capitalSaved: string
  liquidationPrices: {
    factor: string
    referenceAsset: string
    spot: string
    price: string | null
    below: string | null
    above: string | null
  }[]
  positions: {
    id: string
    chainId: number
    venue: string
    wallet: string
    kind: 'SPOT' | 'SUPPLY' | 'DEBT' | 'PERP' | 'OPTION'
    asset: string
    factor: string
    amount: string
    decimals: number
    quantity: string
    price: string
    value: string
    contribution: string
    maintenanceMargin: string
    stale: boolean
  }[]
  excluded: { id: string; reason: string }[]
  venues: {
    chainId: number
    venue: string
    wallet: string
    nativeHealth: string | null
    nativeHealthWad: string
    totalCollateralBase: string
    totalDebtBase: string
    availableBorrowsBase: string
    currentLiquidationThreshold: string
    ltv: string
  }[]
  freshness: {
    chainId: number
    blockNumber: string | null
    blockHash: string | null
    timestamp: number | null
    ageSeconds: number | null
    lagBlocks: string | null
    stale: boolean
  }[]
  prices: {
    asset: string
    chainId: number
    source: string
    updatedAt: number
    ageSeconds: number
    stale: boolean
  }[]
}

/** A `MarginComparison` (stress test or what-if) as JSON on the wire. */
export type MarginComparisonJson = {
  scenario: string | null
  before: MarginReportJson
  after: MarginReportJson
  delta: {
    equity: string
    initialMargin: string
    maintenanceMargin: string
    freeCollateral: string
    health: string | null
  }
}
