export { devnetFeedAbi } from './actions/feed-abi.js'
export {
  type FeedHeartbeat,
  type StartFeedHeartbeatParameters,
  startFeedHeartbeat,
} from './actions/feed-heartbeat.js'
export { type FreezeFeedParameters, freezeFeed } from './actions/freeze-feed.js'
export {
  type MineTogetherParameters,
  type MineTogetherReturnType,
  mineTogether,
} from './actions/mine-together.js'
export {
  type MovePricesParameters,
  type MovePricesReturnType,
  movePrices,
  type PriceMove,
} from './actions/move-prices.js'
export { type RefreshFeedsReturnType, refreshFeeds } from './actions/refresh-feeds.js'
export {
  type ResetPricesParameters,
  type ResetPricesReturnType,
  resetPrices,
} from './actions/reset-prices.js'
export {
  type AlignClockParameters,
  alignClock,
  type RevertSnapshotParameters,
  revertSnapshot,
} from './actions/revert-snapshot.js'
export {
  dynamicHistoryDays,
  type SeedPriceHistoryParameters,
  type SeedPriceHistoryReturnType,
  seedPriceHistory,
} from './actions/seed-price-history.js'
export { type ShockPriceParameters, type ShockPriceReturnType, shockPrice } from './actions/shock-price.js'
export { buildDevnetState } from './build/build-state.js'
export { defaultStateDir } from './build/state-dir.js'
export { createDevnetClient, type DevnetClient } from './chain/client.js'
export { type AnvilInstance, startAnvil } from './chain/start-anvil.js'
export { anvilKey, devnetChains, devnetTokens, FEED_DECIMALS } from './config.js'
export { confirmTx } from './deploy/confirm-tx.js'
export { MULTICALL3_ADDRESS } from './deploy/deploy-multicall3.js'
export { DevnetError } from './errors.js'
export {
  type AaveV32FixtureCategory,
  type AaveV32FixtureReserve,
  type AaveV32FixtureUser,
  type DeployAaveV32PoolFixtureParameters,
  type DeployAaveV32PoolFixtureReturnType,
  deployAaveV32PoolFixture,
} from './fixtures/deploy-aave-v32-pool-fixture.js'
export {
  type DevnetManifest,
  defaultManifestPath,
  type ManifestChain,
  type ManifestChainContracts,
  type ManifestContractName,
  type ManifestMorphoMarket,
  type ManifestOptionsVenue,
  type ManifestPerpVenue,
  type ManifestToken,
  type ManifestVenues,
  type ManifestWallet,
  manifestChain,
  manifestFeeds,
  manifestOptionsVenue,
  manifestPerp,
  manifestToken,
  readManifest,
  writeManifest,
} from './manifest.js'
export { morphoMarketId } from './morpho/deploy-morpho.js'
export {
  type DeployOptionsVenueParameters,
  deployOptionsVenue,
  type OptionsUnderlyingSymbol,
  type OptionsVenueDeployment,
  underlyingKey,
} from './options/deploy-options.js'
export {
  deployVolatilityFeeds,
  type VolatilityFeed,
  type VolatilityToPublish,
} from './options/deploy-volatility-feeds.js'
export { type OptionTradeStatus, optionTradeStatus, referenceOptionsVenueAbi } from './options/options-abi.js'
export {
  type OptionPositionView,
  type OptionsAccountView,
  readOptionsAccount,
  settleExpiredOptions,
} from './options/read-options.js'
export {
  approveOptionsOperator,
  depositOptionsCollateral,
  type OpenOptionParameters,
  openLongCallSpread,
  openOption,
  openProtectivePut,
  openShortStrangle,
} from './options/seed-options.js'
export {
  type ArbitragePerpPoolToIndexParameters,
  arbitragePerpPoolToIndex,
} from './perp/arbitrage-perp-pool.js'
export {
  type DeployPerpParameters,
  type DeployPerpReturnType,
  deployPerp,
  PERP_TWAP_INTERVAL_SECONDS,
  type PerpContracts,
  type PerpDeployment,
} from './perp/deploy-perp.js'
export type { PerpMarket, PerpMarketParameters, PerpMarketSymbol } from './perp/deploy-perp-market.js'
export {
  perpAccountBalanceAbi,
  perpBaseTokenAbi,
  perpClearingHouseAbi,
  perpClearingHouseConfigAbi,
  perpExchangeAbi,
  perpMarketRegistryAbi,
  perpVaultAbi,
  uniswapV3PoolAbi,
} from './perp/perp-abis.js'
export { advancePerpIndexTwap, settlePerpFunding } from './perp/perp-index-price.js'
export { type PerpAccountView, type PerpPositionView, readPerpAccount } from './perp/read-perp.js'
export {
  type AddPerpLiquidityParameters,
  addPerpLiquidity,
  type DepositPerpCollateralParameters,
  depositPerpCollateral,
  type OpenPerpPositionParameters,
  type OpenPerpPositionReturnType,
  openPerpPosition,
  type SeedPerpMakerParameters,
  seedPerpMaker,
} from './perp/seed-perp.js'
export {
  AAVE_WETH_THRESHOLD_18,
  CASCADE_WALLET_FIRST_INDEX,
  type CascadeWalletSpec,
  cascadeLoanUsdc,
  cascadeWalletSpecs,
  seedCascadeWallets,
} from './seed/cascade-wallets.js'
export {
  HISTORY_CORRELATION,
  type HistoryFactor,
  historyRegimes,
  type SeededPricePathsParameters,
  type SeededPricePathsReturnType,
  seededPricePaths,
} from './seed/price-paths.js'
export {
  type OptionsSeedAccount,
  type OptionsSeedStrategy,
  optionsSeedAccounts,
  optionsSeedExpiry,
  optionsSeedVolatilities,
} from './seed/seed-options-positions.js'
export { type PerpSeedPosition, perpSeedPositions } from './seed/seed-perp-positions.js'
export {
  DERIVATIVES_OPERATOR_INDEX,
  type DemoWalletName,
  demoWallets,
  FEED_KEEPER_INDEX,
} from './seed/wallets.js'
export {
  type Devnet,
  devnetChainFinality,
  type StartDevnetParameters,
  startDevnet,
} from './start-devnet.js'
export {
  type DeployUniswapPoolsParameters,
  type DeployUniswapPoolsReturnType,
  deployUniswapPools,
  type ManifestUniswapV3Pool,
  UNISWAP_LIQUIDITY_INDEX,
} from './uniswap/deploy-uniswap-pools.js'
export { uniswapPeripheryArtifact, uniswapV3Abi } from './uniswap/uniswap-periphery.js'
export {
  type UniswapPoolSpec,
  type UniswapRangeSpec,
  uniswapPoolSpecs,
} from './uniswap/uniswap-pool-specs.js'
