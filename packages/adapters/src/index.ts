export type {
  AdapterContext,
  AssetInfo,
  IndexedPosition,
  LogFilter,
  ReadCall,
  ReadResult,
  SharedBlock,
  VenueAdapter,
} from './adapter.js'
export {
  type BoundVenueAdapter,
  bindAdapter,
  ForeignSharedStateError,
  type SharedPlan,
  type SharedState,
} from './bind-adapter.js'
export {
  type AdaptersFromChainSpecsParameters,
  type AdaptersFromChainSpecsReturnType,
  adaptersFromChainSpecs,
  type BoundChainAdapters,
} from './config/adapters-from-chain-specs.js'
export {
  type CreateChainsConfigParameters,
  type CreateChainsConfigReturnType,
  chainClient,
  createChainsConfig,
  type RpcUrls,
  type RpcUrlsByChain,
} from './config/create-chains-config.js'
export { rpcUrlsOf, type ViemChainsOfReturnType, viemChainsOf } from './config/viem-chains-of.js'
export {
  AaveEModeLayoutError,
  BatchRequestError,
  ChainConfigError,
  InvalidPositionError,
  ReadFailedError,
  ResultCountError,
  SharedStateUnsettledError,
  StaleVenueConfigError,
} from './errors/adapter-errors.js'
export { calculateCompoundedInterest, RAY, rayMul } from './math/aave-math.js'
export { toAssetsDown, toAssetsUp } from './math/morpho-shares.js'
export {
  DEFAULT_BATCH_SIZE,
  type ExecuteReadsParameters,
  type ExecuteReadsReturnType,
  executeReads,
  MULTICALL3_ADDRESS,
} from './read/execute-reads.js'
export { assertResultCount, successOf } from './read/read-result.js'
export {
  type ChainAdapters,
  type ReadSnapshotParameters,
  type ReadSnapshotReturnType,
  readSnapshot,
} from './read/read-snapshot.js'
export { createRequestCounter, type RequestCounter } from './read/request-counter.js'
export {
  type SettleSharedParameters,
  type SettleSharedReturnType,
  settleShared,
} from './read/settle-shared.js'
export { aavePoolAbi } from './venues/aave-v3/aave-v3-abis.js'
export {
  type AaveAccountDataInput,
  type AaveAccountReserveInput,
  type AaveV3AccountDataInputParameters,
  aaveV3AccountDataInput,
} from './venues/aave-v3/aave-v3-account-data.js'
export { aaveV3Adapter } from './venues/aave-v3/aave-v3-adapter.js'
export { type AaveV3Config, aaveV3Config } from './venues/aave-v3/aave-v3-config.js'
export { type AaveV3PositionExtra, aavePositionKey } from './venues/aave-v3/aave-v3-positions.js'
export {
  type AaveV3EModeState,
  type AaveV3ReserveState,
  type AaveV3Shared,
  aaveV3SharedReads,
  decodeAaveV3Shared,
} from './venues/aave-v3/aave-v3-shared.js'
export type {
  AaveV3EModeCategory,
  AaveV3EModeLayout,
  AaveV3Reserve,
  AaveV3Venue,
} from './venues/aave-v3/aave-v3-venue.js'
export {
  decodeReserveConfiguration,
  isUsingAsCollateral,
  type ReserveConfiguration,
} from './venues/aave-v3/reserve-configuration.js'
export {
  type ResolveAaveV3VenueParameters,
  type ResolveAaveV3VenueReturnType,
  resolveAaveV3Venue,
} from './venues/aave-v3/resolve-aave-v3-venue.js'
export { aggregatorV3Abi } from './venues/feeds/feed-abi.js'
export {
  type CreateChainlinkPriceSourceParameters,
  createChainlinkPriceSource,
  type FeedConfig,
  type FeedPrice,
  type PriceSource,
} from './venues/feeds/price-source.js'
export { type MorphoBlueRole, morphoBlueAdapter } from './venues/morpho-blue/morpho-blue-adapter.js'
export {
  type MorphoBlueConfig,
  type MorphoMarketConfig,
  morphoBlueConfig,
} from './venues/morpho-blue/morpho-blue-config.js'
export type {
  MorphoBlueMarket,
  MorphoBlueMarketState,
  MorphoBlueShared,
  MorphoBlueVenue,
} from './venues/morpho-blue/morpho-blue-venue.js'
export { OPTION_TRADE_OPEN, optionsVenueAbi } from './venues/options/options-abi.js'
export { optionsAdapter } from './venues/options/options-adapter.js'
export {
  type OptionsConfig,
  type OptionsUnderlyingConfig,
  type OptionsVolatilityFeedConfig,
  optionsConfig,
} from './venues/options/options-config.js'
export type { OptionsVenue, OptionsVolatilityFeed } from './venues/options/options-venue.js'
export {
  type CreateOptionsVolatilitySourceReturnType,
  createOptionsVolatilitySource,
} from './venues/options/options-volatility.js'
export {
  perpAccountBalanceAbi,
  perpClearingHouseAbi,
  perpExchangeAbi,
  perpVaultAbi,
} from './venues/perp/perp-abis.js'
export { perpAdapter } from './venues/perp/perp-adapter.js'
export { type PerpV2Config, type PerpV2MarketConfig, perpV2Config } from './venues/perp/perp-config.js'
export { type PerpVirtualPoolsReturnType, perpVirtualPools } from './venues/perp/perp-pools.js'
export type { PerpMarketConfig, PerpVenue } from './venues/perp/perp-venue.js'
export { corePositionId } from './venues/position-id.js'
export {
  type ReadUniswapV3PoolParameters,
  readUniswapV3Pool,
  storedPoolPriceRange,
  uniswapV3PoolAbi,
  wordsForPriceRange,
} from './venues/uniswap-v3/read-uniswap-v3-pool.js'
export {
  type AddressField,
  defineVenueConfig,
  type VenueConfigBinding,
  type VenueConfigData,
  type VenueSpecData,
} from './venues/venue-config.js'
export {
  type CheckAddressesParameters,
  checkAddresses,
  isConfigAddress,
  isConfigObject,
  type VenueConfigCheck,
} from './venues/venue-config-check.js'
export {
  type AnyVenueConfigBinding,
  defineVenue,
  requireAsset,
  type VenueContexts,
  type VenueDefinition,
  type VenueFromSpecParameters,
  type VenueLog,
} from './venues/venue-definition.js'
export {
  type VenueRegistry,
  type VenuesConfig,
  venueConfigBindings,
  venueContractKeys,
  venueRegistry,
} from './venues/venue-registry.js'
export { NATIVE_ASSET_KEY, type WalletVenue, walletAdapter } from './venues/wallet/wallet-adapter.js'
