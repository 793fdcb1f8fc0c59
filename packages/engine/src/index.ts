export {
  type AaveBalanceInput,
  type AaveEModeCategoryInput,
  type AaveReserveInput,
  type CalculateAaveAccountDataParameters,
  type CalculateAaveAccountDataReturnType,
  calculateAaveAccountData,
} from './aave-v3/calculate-aave-account-data.js'
export { type Black76Parameters, type Black76ReturnType, black76, normalCdf } from './black76.js'
export type { FactorShocks, MissingInputs, PriceFreshness } from './book.js'
export {
  type ComputeMarginParameters,
  type ComputeMarginReturnType,
  computeMargin,
} from './compute-margin.js'
export {
  type ComputeDeriveMarginParameters,
  type ComputeDeriveMarginReturnType,
  computeDeriveMargin,
} from './derive/compute-derive-margin.js'
export { InvalidDeriveInputError } from './derive/errors.js'
export { deriveMainnetParams, deriveMainnetScenarios } from './derive/mainnet-params.js'
export type {
  DeriveCollateralInput,
  DeriveExpiryInput,
  DeriveMarginInput,
  DeriveMarginResult,
  DeriveOptionInput,
  DeriveParams,
  DerivePerpInput,
  DeriveScenario,
  DeriveSvi,
  DeriveVolShock,
} from './derive/types.js'
export { InvalidPositionError, UnknownScenarioError } from './errors.js'
export {
  type DepthCurve,
  type DepthCurveFromTwoPercentDepthParameters,
  type DepthCurveState,
  depthCurveFromTwoPercentDepth,
  type PlaceDepthCurveParameters,
  placeDepthCurve,
  sellIntoDepthCurve,
} from './impact/depth-curve.js'
export { InvalidImpactModelError, SwapMathError, TickRangeNotCoveredError } from './impact/errors.js'
export {
  createPriceImpact,
  type PriceImpact,
  type PriceImpactSale,
  type PriceImpactSource,
} from './impact/price-impact.js'
export {
  type SwapUniswapV3Parameters,
  type SwapUniswapV3ReturnType,
  swapUniswapV3,
} from './impact/swap-uniswap-v3.js'
export {
  getSqrtRatioAtTick,
  getTickAtSqrtRatio,
  MAX_SQRT_RATIO,
  MAX_TICK,
  MIN_SQRT_RATIO,
  MIN_TICK,
} from './impact/tick-math.js'
export type { ModelName, WorstScenario } from './models/model.js'
export type {
  AaveVenueFigures,
  ChainFreshness,
  IsolatedBucket,
  LiquidationPrice,
  MarginReport,
  MarginStatus,
  PositionReport,
} from './report.js'
export {
  type StressScenarioName,
  type StressTestParameters,
  type StressTestReturnType,
  stressScenarios,
  stressTest,
} from './stress-test.js'
export { InvalidBoundParametersError } from './systemic/errors.js'
export {
  MORPHO_MAX_LIQUIDATION_INCENTIVE_FACTOR,
  morphoBadDebtThreshold,
  morphoLeavesBadDebt,
  morphoLiquidationIncentiveFactor,
} from './systemic/morpho-bad-debt.js'
export {
  constantProductPenalty,
  type IsToxicWithSlippageParameters,
  isToxicLiquidation,
  isToxicWithSlippage,
  type ToxicityPosition,
  toxicLtvThreshold,
} from './systemic/toxic-liquidation.js'
export { type WhatIfParameters, type WhatIfReturnType, whatIf } from './what-if.js'
