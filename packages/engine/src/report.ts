import type { Address, AssetId, ChainId, FactorId, Position, PositionKind, VenueId } from '@xmargin/core'
import type { MissingInputs, PriceFreshness } from './book.js'
import type { ModelName, WorstScenario } from './models/model.js'

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
  positions: PositionReport[]
  /** Positions not in the margined book, with why. */
  excluded: { id: string; reason: 'missing-price' | 'not-collateral' | 'not-modelled' }[]
  venues: AaveVenueFigures[]
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
