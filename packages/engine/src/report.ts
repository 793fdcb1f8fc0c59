import type { Address, AssetId, ChainId, FactorId, Position, PositionKind, VenueId } from '@xmargin/core'
import type { MissingInputs, PriceFreshness } from './book.js'
import type { ModelName, WorstScenario } from './models/model.js'
import type { VenueRuleName } from './venues/venue-rule.js'

/** HEALTHY E ≥ IM; WARNING MM ≤ E < IM; LIQUIDATABLE E < MM; UNKNOWN when a material input is stale or missing. */
export type MarginStatus = 'HEALTHY' | 'WARNING' | 'LIQUIDATABLE' | 'UNKNOWN'

/** One position's line in the report. All USD figures are float64; format with `formatUsd`. */
export type PositionReport = {
  id: string
  chainId: ChainId
  venue: VenueId
  wallet: Address
  asset: AssetId
  kind: PositionKind
  factor: FactorId
  /** Signed quantity in units (debt negative). */
  quantity: number
  price: number
  value: number
  /** Dollar delta to the factor. */
  exposure: number
  /** The annualised vol an option was valued at (after stress shocks); null for other kinds. */
  impliedVolatility: number | null
  stale: boolean
  haircutIm: number
  /** Euler share of the scenario charge (negative for a hedge). */
  riskIm: number
  contingencyIm: number
  /** haircutIm + riskIm + contingencyIm; these sum to the report's initialMargin. */
  initialMargin: number
  maintenanceMargin: number
}

/** Where E = MM when one factor moves alone, as a factor price (reference asset) and a ratio. */
export type LiquidationPrice = {
  factor: FactorId
  referenceAsset: AssetId
  /** Current price of the reference asset (or of the factor's first asset when it has none). */
  spot: number
  /** Nearest price below spot where E = MM, if any in (0, spot]. */
  below: number | null
  /** Nearest price above spot where E = MM, if any in [spot, 100·spot]. */
  above: number | null
}

/** Aave v3 account figures, exactly as `Pool.getUserAccountData` returns them (base currency units). */
export type AaveVenueFigures = {
  kind: 'aave-v3'
  chainId: ChainId
  venue: VenueId
  wallet: Address
  totalCollateralBase: bigint
  totalDebtBase: bigint
  availableBorrowsBase: bigint
  currentLiquidationThreshold: bigint
  ltv: bigint
  healthFactor: bigint
}

/** A basis pair's liquidation: the asset moved alone against its factor (wstETH vs ETH, USDC.e vs USDC). */
export type BasisLiquidation = {
  asset: AssetId
  factor: FactorId
  /** The asset's current price (USD). */
  spot: number
  /** Nearest price of the asset below spot (the rest of its factor unchanged) where the venue liquidates. */
  below: number | null
  /** Nearest such price above spot. */
  above: number | null
}

/** The collateral to move to a venue account to bring its own health back to 1. */
export type VenueRestore = {
  chainId: ChainId
  venue: VenueId
  asset: AssetId
  /** Units of `asset` to add (at its current price). */
  quantity: number
  /** Their USD value. */
  value: number
}

/** One venue account evaluated with the venue's own rule, beside the unified figure. */
export type VenueLine = {
  rule: VenueRuleName
  chainId: ChainId
  venue: VenueId
  wallet: Address
  /** Morpho Blue market id; null for account-wide rules. */
  market: string | null
  /** Whether failing the rule lets liquidators act (false for the options venue). */
  liquidates: boolean
  /** The venue's own health (1 = its line; +Infinity without requirement). */
  health: number
  /** USD the rule counts on the collateral side (threshold-weighted collateral, account value). */
  collateral: number
  /** USD the rule compares it with (debt, maintenance requirement). */
  requirement: number
  /** The rule fails at current prices. */
  liquidatable: boolean
  /** Per factor moved alone: the nearest prices where this venue's rule fails. */
  liquidationPrices: LiquidationPrice[]
  /** Per basis asset moved alone against its factor. */
  basisLiquidations: BasisLiquidation[]
  /** While liquidatable: the collateral to move here that restores health 1. */
  restore: VenueRestore | null
  /** Aave accounts: `getUserAccountData` exactly. */
  aave: AaveVenueFigures | null
}

/** HEALTHY: no venue rule fails; BREACHED: a non-liquidating rule fails; LIQUIDATABLE: a venue liquidates now. */
export type VenueStatus = 'HEALTHY' | 'BREACHED' | 'LIQUIDATABLE'

/** The nearest move at which any venue liquidates, and which venue. */
export type VenueBinding = {
  rule: VenueRuleName
  chainId: ChainId
  venue: VenueId
  wallet: Address
  market: string | null
  /** The factor moved, or for a basis move the basis asset's factor. */
  factor: FactorId
  /** The asset whose price is given: the factor's reference asset, or the basis asset. */
  asset: AssetId
  /** `factor` (the factor moves) or `basis` (the asset alone against its factor). */
  kind: 'factor' | 'basis'
  /** The price at which the venue liquidates (the current price when it already does). */
  price: number
  /** Relative move from today's price (−0.057 = −5.7%; 0 when liquidatable now). */
  move: number
}

/** Figures of one (chain, venue) bucket margined on its own with the same model. */
export type IsolatedBucket = {
  chainId: ChainId
  venue: VenueId
  equity: number
  initialMargin: number
  maintenanceMargin: number
}

/** Per chain: the blocks positions were read at and the oldest price used. */
export type ChainReadBlocks = {
  chainId: ChainId
  minBlockNumber: bigint
  maxBlockNumber: bigint
  oldestPriceAgeSeconds: number | null
}

/** The margin report. */
export type MarginReport = {
  model: ModelName
  status: MarginStatus
  /** Why the status is UNKNOWN (`missing-price:ETH@1`, `stale-price:...`, `missing-volatility:...`). */
  statusReasons: string[]
  equity: number
  collateralValue: number
  /** collateralValue − haircutIm. */
  adjustedCollateral: number
  initialMargin: number
  maintenanceMargin: number
  /** equity − initialMargin. */
  freeCollateral: number
  /**
   * E / MM, floored at 0: 1.0 is the liquidation line (E = MM), like Aave's health factor;
   * +Infinity (unbounded) when MM = 0 and E ≥ 0. For `aave-v3`, the protocol health factor.
   */
  health: number
  breakdown: {
    haircutIm: number
    haircutMm: number
    riskIm: number
    riskMm: number
    contingencyIm: number
    contingencyMm: number
  }
  worstScenarios: WorstScenario[]
  liquidationPrices: LiquidationPrice[]
  /**
   * Per basis pair (an asset with a basis shock held beside another asset of its factor: wstETH
   * against WETH debt, USDC.e against USDC): the asset's price, moved alone against its factor,
   * where E = MM.
   */
  basisLiquidations: BasisLiquidation[]
  positions: PositionReport[]
  /** Positions not in the margined book, with why. */
  excluded: { id: string; reason: 'missing-price' | 'not-collateral' | 'not-modelled' }[]
  /** Each venue account under the venue's own rule (Aave, Morpho Blue, Perp v2, options). */
  venues: VenueLine[]
  /** The venues' own verdict; LIQUIDATABLE makes `status` LIQUIDATABLE, BREACHED caps it at WARNING. */
  venueStatus: VenueStatus
  /** The nearest move at which any venue liquidates (null when none in the searched range). */
  bindingVenue: VenueBinding | null
  isolated: {
    buckets: IsolatedBucket[]
    initialMargin: number
    maintenanceMargin: number
    /** isolated IM − portfolio IM: the capital that cross-margining frees. */
    capitalSaved: number
  }
  freshness: {
    now: number
    chains: ChainReadBlocks[]
    prices: PriceFreshness[]
  }
  missing: MissingInputs
}

/** Re-exported for convenience of report consumers. */
export type { Position }
