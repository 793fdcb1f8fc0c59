import type {
  FactorId,
  FactorRiskParameters,
  HaircutTier,
  Position,
  Price,
  RiskParameters,
} from '@xmargin/core'

/** Shocks applied to factors before valuation: spot and vol as relative moves (−0.3 = −30%). */
export type FactorShocks = Readonly<Record<FactorId, { spot?: number | undefined; vol?: number | undefined }>>

/** Option data resolved at preparation. */
export type PreparedOption = {
  call: boolean
  strike: number
  /** Years to expiry (0 when expired). */
  t: number
  sigma: number
  /** Vol-shock scale m = (30 / max(days, 1))^0.3. */
  m: number
  /** Whether `sigma` came from the inputs (false: factor fallback, the report is UNKNOWN). */
  volatilityKnown: boolean
  /** The input vol is older than the price-age rule allows for its source (the position is stale). */
  volatilityStale: boolean
}

/** A position after conversion to float at the engine boundary, with everything the models need. */
export type PreparedPosition = {
  position: Position
  /** Index of the factor in `PreparedBook.factors`. */
  factor: number
  /**
   * The feed price behind the position (venue-native integer figures): its own, or, should ids
   * repeat, that of the last position with its id in the canonical order (a lookup by id).
   */
  feed: Price
  /** Signed quantity in units of the asset (debt negative). */
  quantity: number
  /** USD price of one unit of the asset (after shocks and factor moves). */
  price: number
  /** USD value: q·S, −q·S for debt, q·(S − entry) + funding for perps, q·premium for options. */
  value: number
  /** Dollar delta: the value change per unit relative move of the factor. */
  exposure: number
  /** Spot or collateral-enabled supply: counted in collateral value and haircut. */
  collateral: boolean
  /**
   * Debt, perp or option: the liability side of the balance sheet, bought options included. Whether
   * a position can owe anyone (issue 19: what makes a book need margin) is `isLiability`.
   */
  liability: boolean
  /** Perp entry price and funding (USD). */
  entry: number
  funding: number
  option: PreparedOption | undefined
  /** Its price or, for an option, its implied vol is stale: the stale contingency applies. */
  stale: boolean
  /** Its price is stale (`stale` without it: only the vol is). */
  priceStale: boolean
  /** Stale and above the materiality threshold. */
  materiallyStale: boolean
  haircuts: readonly HaircutTier[]
  bridgedAddOn: number
  basis: number
}

/** A sorted, converted book: the single input of every model. */
export type PreparedBook = {
  positions: readonly PreparedPosition[]
  /** Factor ids present in the book, sorted. */
  factors: readonly FactorId[]
  factorParameters: readonly FactorRiskParameters[]
  /** Correlation matrix of `factors`. */
  correlation: readonly (readonly number[])[]
  params: RiskParameters
  now: number
  rate: number
}

/** Freshness of one price used by the report. */
export type PriceFreshness = {
  asset: string
  chainId: number
  source: string
  updatedAt: number
  ageSeconds: number
  maxAgeSeconds: number
  stale: boolean
}

/** What preparation found missing. */
export type MissingInputs = {
  prices: { positionId: string; asset: string; chainId: number }[]
  volatilities: { positionId: string; asset: string; expiry: number }[]
}

/** Result of preparing the inputs: the book plus what was missing and the prices used. */
export type PreparedInputs = {
  book: PreparedBook
  missing: MissingInputs
  prices: PriceFreshness[]
  /** Positions left out of the margined book (no price; non-collateral supply). */
  excluded: { position: Position; reason: 'missing-price' | 'not-collateral' }[]
}
