export { aaveBasePrice } from './aave-v3/aave-venue-figures.js'
export {
  type AaveBalanceInput,
  type AaveEModeCategoryInput,
  type AaveReserveInput,
  type CalculateAaveAccountDataParameters,
  type CalculateAaveAccountDataReturnType,
  calculateAaveAccountData,
} from './aave-v3/calculate-aave-account-data.js'
export {
  type BacktestBookParameters,
  type BacktestBookReturnType,
  type BacktestParameterSource,
  backtestBook,
} from './backtest/backtest-book.js'
export {
  type BacktestStatisticsParameters,
  type BacktestStatisticsReturnType,
  backtestStatistics,
} from './backtest/backtest-statistics.js'
export {
  type ChristoffersenIndependenceReturnType,
  christoffersenIndependence,
} from './backtest/christoffersen.js'
export {
  type CountExceptionsParameters,
  type CountExceptionsReturnType,
  countExceptions,
} from './backtest/count-exceptions.js'
export { InvalidBacktestInputError } from './backtest/errors.js'
export { type KupiecPofParameters, type KupiecPofReturnType, kupiecPof } from './backtest/kupiec.js'
export {
  type BaselTrafficLightParameters,
  type BaselTrafficLightReturnType,
  baselTrafficLight,
  type TrafficLightZone,
} from './backtest/traffic-light.js'
export { type Black76Parameters, type Black76ReturnType, black76, normalCdf } from './black76.js'
export type {
  FactorShocks,
  MissingInputs,
  PreparedBook,
  PreparedInputs,
  PreparedPosition,
  PriceFreshness,
} from './book.js'
export {
  type CapFallParameters,
  capFall,
  emirStressedWeight,
  type StressedWeightVarianceParameters,
  stressedWeightVariance,
} from './calibration/anti-procyclicality.js'
export {
  type CalibrateChainParameters,
  type CalibrateChainReturnType,
  type CalibrationMemo,
  calibrateChain,
} from './calibration/calibrate-chain.js'
export {
  type CalibrateRiskParametersParameters,
  type CalibrateRiskParametersReturnType,
  calibrateRiskParameters,
} from './calibration/calibrate-risk-parameters.js'
export type { CalibratedFactor, Calibration } from './calibration/calibration.js'
export {
  type CalibrationSettings,
  defaultCalibrationSettings,
  resolveCalibrationSettings,
} from './calibration/calibration-settings.js'
export { baselBacktestObservations, emirLookbackObservations } from './calibration/calibration-window.js'
export { canonicalJson, contentHash } from './calibration/content-hash.js'
export { InvalidCalibrationSettingsError, InvalidPriceHistoryError } from './calibration/errors.js'
export {
  type CovarianceToCorrelationReturnType,
  covarianceToCorrelation,
  type EwmaCovariancesParameters,
  type EwmaCovariancesReturnType,
  ewmaCovariances,
} from './calibration/ewma.js'
export {
  type NearestCorrelationParameters,
  type NearestCorrelationReturnType,
  nearestCorrelation,
} from './calibration/nearest-correlation.js'
export {
  historyHash,
  type LogReturnsParameters,
  type LogReturnsReturnType,
  logReturns,
  type PriceHistory,
} from './calibration/price-history.js'
export {
  type PriceHistoryFromRoundsParameters,
  type PriceRound,
  priceHistoryFromRounds,
} from './calibration/price-history-from-rounds.js'
export { type ScanRangeParameters, scanRange } from './calibration/scan-range.js'
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
export { InvalidPositionError, MissingVenueParameterError, UnknownScenarioError } from './errors.js'
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
export { sqrtFloor } from './impact/integer-sqrt.js'
export {
  createPriceImpact,
  type PriceImpact,
  type PriceImpactSale,
  type PriceImpactSource,
} from './impact/price-impact.js'
export {
  type SwapStepAmounts,
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
export { holdsLiability, isLiability } from './liabilities.js'
export type { ModelName, WorstScenario } from './models/model.js'
export { type PrepareInputsParameters, prepareInputs } from './prepare-inputs.js'
export { createPrng, type StandardNormalsParameters, standardNormals } from './prng.js'
export type {
  AaveVenueFigures,
  BasisLiquidation,
  ChainReadBlocks,
  IsolatedBucket,
  LiquidationPrice,
  MarginReport,
  MarginStatus,
  PositionReport,
  VenueBinding,
  VenueLine,
  VenueRestore,
  VenueStatus,
} from './report.js'
export {
  type StressScenarioName,
  type StressTestParameters,
  type StressTestReturnType,
  stressScenarios,
  stressTest,
} from './stress-test.js'
export {
  type CascadeLiquidation,
  type CascadeRound,
  type CascadeSale,
  type CascadeUnmodelled,
  type CascadeVenueTotal,
  type SimulateCascadeParameters,
  type SimulateCascadeReturnType,
  simulateCascade,
} from './systemic/cascade.js'
export {
  type CoverTwoLoss,
  type CoverTwoParameters,
  type CoverTwoReturnType,
  type CoverTwoScenario,
  coverTwo,
} from './systemic/cover-two.js'
export {
  InvalidBoundParametersError,
  InvalidCascadeParametersError,
  MissingPriceImpactError,
} from './systemic/errors.js'
export {
  MORPHO_LIQUIDATION_CURSOR_WAD,
  MORPHO_MAX_LIQUIDATION_INCENTIVE_FACTOR_WAD,
  MORPHO_WAD,
  morphoBadDebtThreshold,
  morphoLeavesBadDebt,
  morphoLiquidationIncentiveFactorWad,
} from './systemic/morpho-bad-debt.js'
export {
  type PortfolioAccountScope,
  type PortfolioCascadeLiquidation,
  type PortfolioCascadeRound,
  type PortfolioCascadeUnresolved,
  type SimulatePortfolioCascadeParameters,
  type SimulatePortfolioCascadeReturnType,
  simulatePortfolioCascade,
} from './systemic/portfolio-cascade.js'
export {
  collateralBonus,
  type LiquidatePortfolioAccountParameters,
  liquidatePortfolioAccount,
  PORTFOLIO_DEFAULT_BONUS,
  type PortfolioAccountLiquidation,
  type PortfolioAccountMargin,
  type PortfolioLiquidationLeg,
} from './systemic/portfolio-liquidation.js'
export {
  constantProductPenalty,
  type IsToxicWithSlippageParameters,
  isToxicLiquidation,
  isToxicWithSlippage,
  type ToxicityPosition,
  toxicLtvThreshold,
} from './systemic/toxic-liquidation.js'
export {
  AAVE_CLOSE_FACTOR_HF_THRESHOLD,
  AAVE_CLOSE_FACTOR_HF_THRESHOLD_WAD,
  AAVE_DEFAULT_CLOSE_FACTOR,
  AAVE_DEFAULT_CLOSE_FACTOR_BPS,
  AAVE_MAX_CLOSE_FACTOR_BPS,
  liquidateAave,
} from './venues/aave-v3-liquidation.js'
export { aaveV3Rule } from './venues/aave-v3-rule.js'
export { venueRules } from './venues/index.js'
export {
  liquidateMorpho,
  MORPHO_LIQUIDATION_CURSOR,
  MORPHO_MAX_LIQUIDATION_INCENTIVE_FACTOR,
  type MorphoAccountState,
  morphoAccountState,
  morphoLiquidationIncentiveFactor,
} from './venues/morpho-blue-liquidation.js'
export {
  type FeedRatioOracleParameters,
  feedRatioOraclePrice,
  MORPHO_ORACLE_PRICE_SCALE,
  MORPHO_VIRTUAL_ASSETS,
  MORPHO_VIRTUAL_SHARES,
  movedFeedAnswer,
  toAssetsUp,
} from './venues/morpho-blue-math.js'
export { morphoBlueRule } from './venues/morpho-blue-rule.js'
export { OPTIONS_SHORT_MARGIN_RATIO, optionsRule } from './venues/options-rule.js'
export { PerpPoolCloseError } from './venues/perp-v2-errors.js'
export {
  type LiquidatePerpV2Parameters,
  liquidatePerpV2,
  PERP_V2_LIQUIDATION_PENALTY_RATIO_PPM,
  PERP_V2_MM_RATIO_PPM,
  PERP_V2_PARTIAL_CLOSE_RATIO_PPM,
  PERP_V2_RATIO_SCALE,
  PERP_V2_SETTLEMENT_ASSET,
  type PerpV2PoolOf,
  perpMulRatio,
} from './venues/perp-v2-liquidation.js'
export {
  type ClosePerpV2InPoolParameters,
  type ClosePerpV2InPoolReturnType,
  closePerpV2InPool,
  PERP_V2_EXCHANGE_FEE_RATIO_PPM,
  perpV2SqrtPriceX96AtPrice,
} from './venues/perp-v2-pool-close.js'
export {
  type CreatePerpV2RuleParameters,
  createPerpV2Rule,
  PERP_V2_MAINTENANCE_MARGIN_RATIO,
  perpV2Rule,
} from './venues/perp-v2-rule.js'
export { type VenueLinesParameters, type VenueLinesReturnType, venueLines } from './venues/venue-lines.js'
export type {
  MorphoLiquidationShares,
  PriceMove,
  VenueAccount,
  VenueCheck,
  VenueLiquidation,
  VenueLiquidationLeg,
  VenueRule,
  VenueRuleName,
} from './venues/venue-rule.js'
export { type WhatIfParameters, type WhatIfReturnType, whatIf } from './what-if.js'
