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
export { InvalidPositionError, MissingVenueParameterError, UnknownScenarioError } from './errors.js'
export type { ModelName, WorstScenario } from './models/model.js'
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
  AAVE_CLOSE_FACTOR_HF_THRESHOLD,
  AAVE_DEFAULT_CLOSE_FACTOR,
  liquidateAave,
} from './venues/aave-v3-liquidation.js'
export { aaveV3Rule } from './venues/aave-v3-rule.js'
export { venueRules } from './venues/index.js'
export {
  liquidateMorpho,
  MORPHO_LIQUIDATION_CURSOR,
  MORPHO_MAX_LIQUIDATION_INCENTIVE_FACTOR,
  morphoLiquidationIncentiveFactor,
} from './venues/morpho-blue-liquidation.js'
export { morphoBlueRule } from './venues/morpho-blue-rule.js'
export { OPTIONS_SHORT_MARGIN_RATIO, optionsRule } from './venues/options-rule.js'
export {
  type CreatePerpV2RuleParameters,
  createPerpV2Rule,
  PERP_V2_MAINTENANCE_MARGIN_RATIO,
  perpV2Rule,
} from './venues/perp-v2-rule.js'
export { type VenueLinesParameters, type VenueLinesReturnType, venueLines } from './venues/venue-lines.js'
export type {
  PriceMove,
  VenueAccount,
  VenueCheck,
  VenueLiquidation,
  VenueLiquidationLeg,
  VenueRule,
  VenueRuleName,
} from './venues/venue-rule.js'
export { type WhatIfParameters, type WhatIfReturnType, whatIf } from './what-if.js'
