import { parseAbi } from 'viem'

/** The Aave v3 Pool views and events the adapter uses (core-v3 1.19.3, i.e. Aave v3.0.2, plus the v3.2+ eMode getters). */
export const aavePoolAbi = parseAbi([
  'struct ReserveConfigurationMap { uint256 data; }',
  'struct UserConfigurationMap { uint256 data; }',
  'struct EModeCategory { uint16 ltv; uint16 liquidationThreshold; uint16 liquidationBonus; address priceSource; string label; }',
  'struct ReserveData { ReserveConfigurationMap configuration; uint128 liquidityIndex; uint128 currentLiquidityRate; uint128 variableBorrowIndex; uint128 currentVariableBorrowRate; uint128 currentStableBorrowRate; uint40 lastUpdateTimestamp; uint16 id; address aTokenAddress; address stableDebtTokenAddress; address variableDebtTokenAddress; address interestRateStrategyAddress; uint128 accruedToTreasury; uint128 unbacked; uint128 isolationModeTotalDebt; }',
  'function getReservesList() view returns (address[])',
  'function getReserveData(address asset) view returns (ReserveData)',
  'function getConfiguration(address asset) view returns (ReserveConfigurationMap)',
  'function getReserveNormalizedIncome(address asset) view returns (uint256)',
  'function getReserveNormalizedVariableDebt(address asset) view returns (uint256)',
  'function getUserConfiguration(address user) view returns (UserConfigurationMap)',
  'function getUserEMode(address user) view returns (uint256)',
  'function getEModeCategoryData(uint8 id) view returns (EModeCategory)',
  // Aave v3.2+ (aave-v3-origin IPool): eMode membership in per-category bitmaps, bit = reserve id.
  'struct CollateralConfig { uint16 ltv; uint16 liquidationThreshold; uint16 liquidationBonus; }',
  'function getEModeCategoryCollateralConfig(uint8 id) view returns (CollateralConfig)',
  'function getEModeCategoryCollateralBitmap(uint8 id) view returns (uint128)',
  'function getEModeCategoryBorrowableBitmap(uint8 id) view returns (uint128)',
  'function getEModeCategoryLabel(uint8 id) view returns (string)',
  'function getUserAccountData(address user) view returns (uint256 totalCollateralBase, uint256 totalDebtBase, uint256 availableBorrowsBase, uint256 currentLiquidationThreshold, uint256 ltv, uint256 healthFactor)',
  'function ADDRESSES_PROVIDER() view returns (address)',
  'event Supply(address indexed reserve, address user, address indexed onBehalfOf, uint256 amount, uint16 indexed referralCode)',
  'event MintUnbacked(address indexed reserve, address user, address indexed onBehalfOf, uint256 amount, uint16 indexed referralCode)',
  'event Withdraw(address indexed reserve, address indexed user, address indexed to, uint256 amount)',
  'event Borrow(address indexed reserve, address user, address indexed onBehalfOf, uint256 amount, uint8 interestRateMode, uint256 borrowRate, uint16 indexed referralCode)',
  'event Repay(address indexed reserve, address indexed user, address indexed repayer, uint256 amount, bool useATokens)',
  'event LiquidationCall(address indexed collateralAsset, address indexed debtAsset, address indexed user, uint256 debtToCover, uint256 liquidatedCollateralAmount, address liquidator, bool receiveAToken)',
  'event ReserveUsedAsCollateralEnabled(address indexed reserve, address indexed user)',
  'event ReserveUsedAsCollateralDisabled(address indexed reserve, address indexed user)',
  'event UserEModeSet(address indexed user, uint8 categoryId)',
  'event SwapBorrowRateMode(address indexed reserve, address indexed user, uint8 interestRateMode)',
  'event RebalanceStableBorrowRate(address indexed reserve, address indexed user)',
])

/** `AaveOracle` (base currency USD with 8 decimals on v3 markets). */
export const aaveOracleAbi = parseAbi([
  'function getAssetsPrices(address[] assets) view returns (uint256[])',
  'function getAssetPrice(address asset) view returns (uint256)',
])

/** aToken and debt token views and events. */
export const aaveTokenAbi = parseAbi([
  'function scaledBalanceOf(address user) view returns (uint256)',
  'function balanceOf(address user) view returns (uint256)',
  'function totalSupply() view returns (uint256)',
  'function principalBalanceOf(address user) view returns (uint256)',
  'function getUserStableRate(address user) view returns (uint256)',
  'function getUserLastUpdated(address user) view returns (uint40)',
  'event Transfer(address indexed from, address indexed to, uint256 value)',
  'event BalanceTransfer(address indexed from, address indexed to, uint256 value, uint256 index)',
])
