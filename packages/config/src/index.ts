export type { ChainSettings } from './chain-settings.js'
export {
  type ConfigChainSpecsOptions,
  type ConfigChainSpecsReturnType,
  configChainSpecs,
} from './config-chain-specs.js'
export { type ConfigChainSettingsReturnType, configChainSettings } from './config-settings.js'
export { databaseLabel } from './database-label.js'
export {
  type AaveV3Config,
  type AutoTrackConfig,
  type ChainConfig,
  defineConfig,
  type MorphoBlueConfig,
  type MorphoMarketConfig,
  type OptionsConfig,
  type OptionsUnderlyingConfig,
  type OptionsVolatilityFeedConfig,
  type PerpV2Config,
  type PerpV2MarketConfig,
  type RiskOverrides,
  type RpcUrls,
  type TokenConfig,
  type VenuesConfig,
  type WebSocketUrl,
  type XmarginConfig,
} from './define-config.js'
export {
  type DescribeConfigParameters,
  type DescribeConfigReturnType,
  describeConfig,
} from './describe-config.js'
export { ChainSelectionError, ConfigError, type ConfigIssue, ConfigNotFoundError } from './errors.js'
export { type LoadConfigParameters, type LoadConfigReturnType, loadConfig } from './load-config.js'
export {
  defaultDynamicMargin,
  type MarginConfig,
  type MarginParameterModel,
  type ResolvedMarginSettings,
  type ValidateMarginSettingsParameters,
  validateMarginSettings,
} from './margin-settings.js'
export {
  DEFAULT_DEPTH_CURVE_FEE_PIPS,
  type DepthCurveConfig,
  defaultPriceImpact,
  type PriceImpactConfig,
  type ResolvedDepthCurve,
  type ResolvedPriceImpact,
  type ResolvePriceImpactReturnType,
  resolvePriceImpact,
} from './price-impact.js'
export {
  type PriceAgeOverrides,
  type ResolvePriceAgeParameters,
  resolvePriceAge,
} from './resolve-price-age.js'
export {
  type ResolveRiskParametersReturnType,
  resolveRiskParameters,
} from './resolve-risk-parameters.js'
export type { ResolvedChain, ResolvedConfig, ResolvedDatabase } from './resolved-config.js'
export {
  type SelectChainsParameters,
  type SelectChainsReturnType,
  selectChains,
} from './select-chains.js'
export {
  type ApiLimits,
  adminKeyProblem,
  apiLimitsOffAtZero,
  defaultApiLimits,
  MIN_ADMIN_KEY_LENGTH,
  proxyEntryProblem,
  type ResolvedApiSettings,
  type ResolvedAttestationSettings,
  validateApiSettings,
  validateAttestationSettings,
} from './server-settings.js'
export {
  defaultRetainHistorySeconds,
  defaultStoreSettings,
  type ResolvedStoreSettings,
  type StoreConfig,
  type ValidateStoreSettingsParameters,
  validateStoreSettings,
} from './store-settings.js'
export {
  type ValidateConfigParameters,
  type ValidateConfigReturnType,
  validateConfig,
} from './validate-config.js'
export {
  type ValidateVenuesParameters,
  type ValidateVenuesReturnType,
  validateVenues,
} from './validate-venues.js'
export {
  type VenuesFromSpecParameters,
  type VenuesFromSpecReturnType,
  venuesFromSpec,
} from './venues-from-spec.js'
