import type { AssetId, FactorId } from './chain.js'
import type { FeedKind } from './price-age.js'

/** One band of a tiered (concentration) haircut. Bands apply marginally, like income-tax brackets. */
export type HaircutTier = {
  /** Upper bound of the band in USD of the asset held across the book; `null` for the last band. */
  upToUsd: number | null
  /** Initial haircut, fraction in [0, 1]. */
  im: number
  /** Maintenance haircut, fraction in [0, im]. */
  mm: number
}

/** How an asset maps onto a risk factor and how it is haircut as collateral. */
export type AssetRiskParameters = {
  factor: FactorId
  /** Extra shock of this asset against its factor (stETH vs ETH), fraction of |net value|. */
  basis?: number | undefined
  /** Tiered haircuts, bands in ascending `upToUsd`, the last one unbounded. */
  haircuts: readonly HaircutTier[]
  /** Haircut add-on per chain id for a bridged representation (USDC.e on Arbitrum: +1%). */
  bridgedAddOn?: Readonly<Record<number, number>> | undefined
}

/** A tail move of a factor with its weight (the loss counts `weight * loss`). */
export type TailScenario = {
  move: number
  weight: number
}

/** Scenario design of one factor. */
export type FactorRiskParameters = {
  /** Spot scan range, fraction (0.15 = ±15%). */
  scan: number
  /** Vol up shock coefficient: vol × (1 + volUp·m), m = (30 / days)^0.3. */
  volUp: number
  /** Vol down shock coefficient: vol × max(0, 1 − volDown·m). */
  volDown: number
  /** Tail moves, shocked with vol up. */
  tails: readonly TailScenario[]
  /** Annualised volatility used by the `es` model and as fallback implied vol for options. */
  volatility: number
  /** Asset whose price is quoted as the factor's spot in liquidation prices (e.g. `ETH`). */
  referenceAsset: AssetId
  /**
   * A stablecoin factor (USD): shocked on the downside only (a depeg; a stablecoin above par is
   * no risk anyone faces), and falling with crypto in the crash-with-depeg joint scenario.
   */
  stable?: boolean | undefined
}

/** A pair of factors with their correlation. Pairs not listed have correlation 0. */
export type CorrelationEntry = readonly [FactorId, FactorId, number]

/** Initial / maintenance pair of fractions. */
export type MarginFractions = {
  im: number
  mm: number
}

/** Contingency charges of the `portfolio` model (CME/Derive style add-ons). */
export type ContingencyParameters = {
  /** Fraction of perp notional. */
  perp: MarginFractions
  /** Fraction of spot per unit of written option. */
  shortOption: MarginFractions
  /** Fraction of |value| of positions whose price is stale. */
  stale: MarginFractions
}

/** Parameters of the `standard` model (dYdX v4 / Hyperliquid style). */
export type StandardModelParameters = {
  /** Base initial margin fraction of perp notional. */
  baseImf: number
  /** Maintenance as a fraction of initial (dYdX uses MMF = 0.6 × IMF on most markets). */
  mmfRatio: number
  /** IMF grows linearly from `baseImf` to `baseImf + imfIncrease` between the two notionals. */
  imfIncrease: number
  notionalLowerUsd: number
  notionalUpperUsd: number
  /** Written option: max(otmBase·S − OTM, floor·S) per unit initial; `mm`·S maintenance (Deribit). */
  shortOption: { otmBase: number; floor: number; mm: number }
}

/** Parameters of the `es` model (OCC STANS style). */
export type ExpectedShortfallParameters = {
  confidence: number
  horizonDays: number
  paths: number
  seed: number
}

/** Every parameter the engine needs. Validate with `validateRiskParameters` or `defineRiskParameters`. */
export type RiskParameters = {
  assets: Readonly<Record<AssetId, AssetRiskParameters>>
  factors: Readonly<Record<FactorId, FactorRiskParameters>>
  correlations: readonly CorrelationEntry[]
  contingencies: ContingencyParameters
  /** Maintenance share of the scenario charge K (MM = H_mm + k·K + C_mm). */
  maintenanceRiskScale: number
  /**
   * How old a price or implied vol may be, in seconds; `priceAgeLimit` applies it (first match):
   * `all` (every feed: `xmargin dev --max-price-age`, dev only), `bySource` (a feed id such as
   * `chainlink:0x…`), the feed's heartbeat from its chain spec plus `PRICE_AGE_MARGIN_SECONDS`,
   * `byKind` (a feed with no heartbeat).
   */
  maxPriceAge: {
    byKind: Readonly<Record<FeedKind, number>>
    bySource?: Readonly<Record<string, number>> | undefined
    all?: number | undefined
  }
  /** |value| in USD above which a stale price makes the report UNKNOWN. */
  staleMaterialityUsd: number
  /** Annual rate used to discount options (Black-76). */
  rate: number
  standard: StandardModelParameters
  es: ExpectedShortfallParameters
}
