import { parseAbi } from 'viem'

/*
 * Typed ABI fragments of the Aave v3 (core-v3 1.19.3, protocol v3.0.2) contracts that deploy and
 * seed code call. Written from the artifacts' ABIs so viem infers argument and return types; the
 * deployment itself uses the full artifact ABIs.
 */

/** Pool (the proxy at `AaveDeployment.pool`): user actions and account reads. */
export const aavePoolAbi = parseAbi([
  'struct EModeCategory { uint16 ltv; uint16 liquidationThreshold; uint16 liquidationBonus; address priceSource; string label; }',
  'function supply(address asset, uint256 amount, address onBehalfOf, uint16 referralCode)',
  'function withdraw(address asset, uint256 amount, address to) returns (uint256)',
  'function borrow(address asset, uint256 amount, uint256 interestRateMode, uint16 referralCode, address onBehalfOf)',
  'function repay(address asset, uint256 amount, uint256 interestRateMode, address onBehalfOf) returns (uint256)',
  'function setUserEMode(uint8 categoryId)',
  'function getUserEMode(address user) view returns (uint256)',
  'function setUserUseReserveAsCollateral(address asset, bool useAsCollateral)',
  'function liquidationCall(address collateralAsset, address debtAsset, address user, uint256 debtToCover, bool receiveAToken)',
  'function getUserAccountData(address user) view returns (uint256 totalCollateralBase, uint256 totalDebtBase, uint256 availableBorrowsBase, uint256 currentLiquidationThreshold, uint256 ltv, uint256 healthFactor)',
  'function getEModeCategoryData(uint8 id) view returns (EModeCategory)',
  'function getReservesList() view returns (address[])',
  'function FLASHLOAN_PREMIUM_TOTAL() view returns (uint128)',
])

/** AaveOracle: prices in the base currency (USD, 8 decimals on the devnet). */
export const aaveOracleAbi = parseAbi([
  'function getAssetPrice(address asset) view returns (uint256)',
  'function getAssetsPrices(address[] assets) view returns (uint256[])',
  'function getSourceOfAsset(address asset) view returns (address)',
  'function setAssetSources(address[] assets, address[] sources)',
  'function BASE_CURRENCY() view returns (address)',
  'function BASE_CURRENCY_UNIT() view returns (uint256)',
])

/** AaveProtocolDataProvider: per-reserve and per-user reads. */
export const aaveDataProviderAbi = parseAbi([
  'struct TokenData { string symbol; address tokenAddress; }',
  'function getAllReservesTokens() view returns (TokenData[])',
  'function getReserveTokensAddresses(address asset) view returns (address aTokenAddress, address stableDebtTokenAddress, address variableDebtTokenAddress)',
  'function getReserveConfigurationData(address asset) view returns (uint256 decimals, uint256 ltv, uint256 liquidationThreshold, uint256 liquidationBonus, uint256 reserveFactor, bool usageAsCollateralEnabled, bool borrowingEnabled, bool stableBorrowRateEnabled, bool isActive, bool isFrozen)',
  'function getReserveEModeCategory(address asset) view returns (uint256)',
  'function getReserveCaps(address asset) view returns (uint256 borrowCap, uint256 supplyCap)',
  'function getFlashLoanEnabled(address asset) view returns (bool)',
  'function getUserReserveData(address asset, address user) view returns (uint256 currentATokenBalance, uint256 currentStableDebt, uint256 currentVariableDebt, uint256 principalStableDebt, uint256 scaledVariableDebt, uint256 stableBorrowRate, uint256 liquidityRate, uint40 stableRateLastUpdated, bool usageAsCollateralEnabled)',
])

/** PoolAddressesProvider: the registry every other Aave contract is found through. */
export const aavePoolAddressesProviderAbi = parseAbi([
  'function setACLAdmin(address newAclAdmin)',
  'function setACLManager(address newAclManager)',
  'function setPoolImpl(address newPoolImpl)',
  'function setPoolConfiguratorImpl(address newPoolConfiguratorImpl)',
  'function setPriceOracle(address newPriceOracle)',
  'function setPoolDataProvider(address newDataProvider)',
  'function getPool() view returns (address)',
  'function getPoolConfigurator() view returns (address)',
  'function getACLManager() view returns (address)',
  'function getPriceOracle() view returns (address)',
  'function getPoolDataProvider() view returns (address)',
])

/** ACLManager: role grants. */
export const aaveAclManagerAbi = parseAbi([
  'function addPoolAdmin(address admin)',
  'function addRiskAdmin(address admin)',
  'function addEmergencyAdmin(address admin)',
  'function isPoolAdmin(address admin) view returns (bool)',
])

/** `initialize(provider)` shared by the Pool and PoolConfigurator implementations. */
export const aaveInitializableAbi = parseAbi(['function initialize(address provider)'])

/** PoolConfigurator (the proxy at `AaveDeployment.poolConfigurator`): listing and risk parameters. */
export const aavePoolConfiguratorAbi = parseAbi([
  'struct InitReserveInput { address aTokenImpl; address stableDebtTokenImpl; address variableDebtTokenImpl; uint8 underlyingAssetDecimals; address interestRateStrategyAddress; address underlyingAsset; address treasury; address incentivesController; string aTokenName; string aTokenSymbol; string variableDebtTokenName; string variableDebtTokenSymbol; string stableDebtTokenName; string stableDebtTokenSymbol; bytes params; }',
  'function initReserves(InitReserveInput[] input)',
  'function configureReserveAsCollateral(address asset, uint256 ltv, uint256 liquidationThreshold, uint256 liquidationBonus)',
  'function setReserveBorrowing(address asset, bool enabled)',
  'function setReserveFactor(address asset, uint256 newReserveFactor)',
  'function setReserveFlashLoaning(address asset, bool enabled)',
  'function setEModeCategory(uint8 categoryId, uint16 ltv, uint16 liquidationThreshold, uint16 liquidationBonus, address oracle, string label)',
  'function setAssetEModeCategory(address asset, uint8 newCategoryId)',
  'function setPoolPause(bool paused)',
])
