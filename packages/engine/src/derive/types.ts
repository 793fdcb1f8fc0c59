/**
 * Input and output shapes of Derive's PMRM_2 portfolio margin as an engine model
 * ({@link computeDeriveMargin}). Plain float64 numbers in the venue's units: prices in the stable
 * (USDC) unit, amounts in units of the underlying, rates and factors as fractions (0.05 = 5%),
 * times in seconds to expiry (so "now" is 0). The parameter groups carry the fields of Derive's
 * `IPMRMLib_2` parameter structs under the same names.
 */

/** Vol move of a scenario: none, the term-scaled up/down shocks, or one of the two skew rotations. */
export type DeriveVolShock = 'none' | 'up' | 'down' | 'linear' | 'abs'

/** One scenario of the venue's grid: the spot is multiplied by `spotShock` (1.1 = +10%). */
export type DeriveScenario = { spotShock: number; volShock: DeriveVolShock; dampeningFactor: number }

/** Raw SVI slice of one expiry: total variance w(k) = a + b·(ρ(k − m) + √((k − m)² + σ²)), τ in years. */
export type DeriveSvi = {
  a: number
  b: number
  rho: number
  m: number
  sigma: number
  forward: number
  tau: number
}

/** Market data of one expiry: forward split into a spot-driven and a fixed part, rate, confidences, SVI. */
export type DeriveExpiryInput = {
  /** Seconds to expiry (≤ 0: expired, priced at intrinsic). */
  expiry: number
  forwardFixed: number
  forwardVariable: number
  forwardConfidence: number
  /** Annual continuously compounded rate; the venue floors it at 0. */
  rate: number
  rateConfidence: number
  volConfidence: number
  svi: DeriveSvi
}

export type DeriveOptionInput = { expiry: number; strike: number; isCall: boolean; amount: number }

export type DerivePerpInput = {
  /** Signed size in units of the underlying. */
  amount: number
  price: number
  confidence: number
  /** Unsettled P&L plus funding, in the stable unit (part of the mark-to-market). */
  unrealisedValue: number
}

export type DeriveCollateralInput = {
  name: string
  amount: number
  /** Price in USD; the venue values it in the stable unit as amount·price / stablePrice. */
  price: number
  confidence: number
  /** Moves with spot in the scenarios (ETH, LRTs on an ETH market) instead of being a flat value. */
  isRiskCancelling: boolean
  MMHaircut: number
  /** Added on top of MMHaircut for initial margin. */
  IMHaircut: number
}

export type DeriveVolShockParams = {
  volRangeUp: number
  volRangeDown: number
  shortTermPower: number
  longTermPower: number
  /** Seconds. */
  dteFloor: number
  minVolUpShock: number
}

export type DeriveMarginParams = {
  imFactor: number
  mmFactor: number
  shortRateMultScale: number
  longRateMultScale: number
  shortRateAddScale: number
  longRateAddScale: number
  shortBaseStaticDiscount: number
  longBaseStaticDiscount: number
}

export type DeriveBasisParams = {
  scenarioSpotUp: number
  scenarioSpotDown: number
  basisContAddFactor: number
  basisContMultFactor: number
}

export type DeriveOtherParams = {
  pegLossThreshold: number
  pegLossFactor: number
  confThreshold: number
  confMargin: number
  MMPerpPercent: number
  /** Added on top of MMPerpPercent for initial margin. */
  IMPerpPercent: number
  MMOptionPercent: number
  /** Added on top of MMOptionPercent for initial margin. */
  IMOptionPercent: number
}

export type DeriveSkewParams = {
  linearBaseCap: number
  absBaseCap: number
  linearCBase: number
  absCBase: number
  minKStar: number
  widthScale: number
  volParamStatic: number
  volParamScale: number
}

export type DeriveParams = {
  volShock: DeriveVolShockParams
  margin: DeriveMarginParams
  basis: DeriveBasisParams
  other: DeriveOtherParams
  skew: DeriveSkewParams
}

/** Everything PMRM_2 reads for one subaccount on one market. */
export type DeriveMarginInput = {
  spot: { price: number; confidence: number }
  stablePrice: number
  /** Carried for completeness: PMRM_2 reads the stable feed's price only, never its confidence. */
  stableConfidence: number
  cash: number
  perp?: DerivePerpInput | undefined
  options: readonly DeriveOptionInput[]
  /** One entry per expiry the options use; an entry no option uses is ignored. */
  expiries: readonly DeriveExpiryInput[]
  collaterals: readonly DeriveCollateralInput[]
  scenarios: readonly DeriveScenario[]
  params: DeriveParams
}

/**
 * The venue's figures. `im` and `mm` are what PMRM_2's `getMarginAndMarkToMarket` returns: the
 * account's mark-to-market minus the requirement, so ≥ 0 passes and a negative figure is the
 * shortfall. The requirements themselves are `mtm − im` and `mtm − mm`.
 */
export type DeriveMarginResult = {
  im: number
  mm: number
  /** Options + collateral + perp unrealised value + cash. */
  mtm: number
  optionMtm: number
  collateralMtm: number
  /** Σ over expiries of the worst ±basis-move loss, scaled by the term factor (≤ 0). */
  basisContingency: number
  /** P&L against the mark per input scenario, same order. */
  scenarioPnl: number[]
  /** Index into `scenarios` of the worst loss; `scenarios.length` means the basis contingency. */
  worstScenario: number
}
