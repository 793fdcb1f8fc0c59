export { type AaveEModeAppliesParameters, aaveEModeApplies } from './aave-emode.js'
export type { Address, AssetId, ChainId, FactorId } from './chain.js'
export {
  type AssessChainFreshnessParameters,
  type AssessChainFreshnessReturnType,
  assessChainFreshness,
  type ChainStaleReason,
  defaultMaxLagSeconds,
  type IndexerSyncStatus,
  maxConsecutiveSyncErrors,
} from './chain-freshness.js'
export {
  type ChainFinality,
  type ChainSpec,
  defaultChainFinality,
  defaultNativeCurrency,
  finalityOf,
  type MorphoMarketSpec,
  type NativeCurrencySpec,
  nativeCurrencyOf,
  type OptionsUnderlyingSpec,
  type PerpMarketSpec,
  type TokenSpec,
  type UniswapV3PoolSpec,
  type VenueDataSpec,
  type VolatilityFeedSpec,
} from './chain-spec.js'
export {
  type BuildCorrelationMatrixParameters,
  type BuildCorrelationMatrixReturnType,
  buildCorrelationMatrix,
  type CholeskyDecomposeReturnType,
  choleskyDecompose,
} from './correlation.js'
export { defaultRiskParameters } from './default-risk-parameters.js'
export { BaseError, type BaseErrorParameters } from './errors/base-error.js'
export { type ChainSpecIssue, InvalidChainSpecError } from './errors/chain-spec-errors.js'
export { InvalidAmountError } from './errors/money-errors.js'
export {
  InvalidRiskParametersError,
  type RiskParameterIssue,
  UnknownAssetError,
} from './errors/risk-parameters-errors.js'
export {
  type FormatUnitsParameters,
  type FormatUnitsReturnType,
  type FormatUsdParameters,
  type FormatUsdReturnType,
  formatUnits,
  formatUsd,
  type ParseUnitsParameters,
  type ParseUnitsReturnType,
  parseUnits,
  type ToNumberParameters,
  type ToNumberReturnType,
  toNumber,
} from './money.js'
export type {
  AaveReserveContext,
  DebtPosition,
  FixedPoint,
  MorphoMarketContext,
  OptionPosition,
  PerpPosition,
  Position,
  PositionBase,
  PositionKind,
  SpotPosition,
  SupplyPosition,
} from './position.js'
export {
  decodePositionRecord,
  encodePositionRecord,
  InvalidPositionRecordError,
  type PositionLocation,
  positionId,
} from './position-record.js'
export type { Price, Volatility } from './price.js'
export {
  defaultFeedHeartbeatSeconds,
  type FeedKind,
  feedSourceId,
  PRICE_AGE_MARGIN_SECONDS,
  type PriceAgeLimitParameters,
  priceAgeLimit,
  priceFeedKind,
} from './price-age.js'
export { type RedactUrlsParameters, type RedactUrlsReturnType, redactUrls } from './redact-urls.js'
export type {
  AssetRiskParameters,
  ContingencyParameters,
  CorrelationEntry,
  ExpectedShortfallParameters,
  FactorRiskParameters,
  HaircutTier,
  MarginFractions,
  RiskParameters,
  StandardModelParameters,
  TailScenario,
} from './risk-parameters.js'
export {
  type InitializedTick,
  UNISWAP_V3_MAX_TICK,
  UNISWAP_V3_MIN_TICK,
  type UniswapV3PoolState,
} from './uniswap-v3-pool-state.js'
export {
  type ChainSpecIssuesParameters,
  type ChainSpecIssuesReturnType,
  chainSpecIssues,
  duplicateTokenIssues,
  isChainSpec,
  parseChainSpec,
} from './validate-chain-spec.js'
export {
  type DefineRiskParametersParameters,
  type DefineRiskParametersReturnType,
  defineRiskParameters,
  type ValidateRiskParametersParameters,
  type ValidateRiskParametersReturnType,
  validateRiskParameters,
} from './validate-risk-parameters.js'
export type { KnownVenueId, VenueId } from './venue.js'
