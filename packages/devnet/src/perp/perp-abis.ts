import { parseAbi } from 'viem'

/**
 * Typed fragments of Perpetual Protocol v2 (Curie, `@perp/curie-contract@1.4.0`) that the seed and
 * the read helpers call. They are the protocol's own signatures, copied from its interfaces
 * (`contracts/interface/I*.sol`), not a look-alike. Deployment uses the full artifact ABIs.
 */
export const perpClearingHouseAbi = parseAbi([
  'struct AddLiquidityParams { address baseToken; uint256 base; uint256 quote; int24 lowerTick; int24 upperTick; uint256 minBase; uint256 minQuote; bool useTakerBalance; uint256 deadline; }',
  'struct AddLiquidityResponse { uint256 base; uint256 quote; uint256 fee; uint256 liquidity; }',
  'struct OpenPositionParams { address baseToken; bool isBaseToQuote; bool isExactInput; uint256 amount; uint256 oppositeAmountBound; uint256 deadline; uint160 sqrtPriceLimitX96; bytes32 referralCode; }',
  'struct ClosePositionParams { address baseToken; uint160 sqrtPriceLimitX96; uint256 oppositeAmountBound; uint256 deadline; bytes32 referralCode; }',
  'function addLiquidity(AddLiquidityParams params) returns (AddLiquidityResponse response)',
  'function openPosition(OpenPositionParams params) returns (uint256 base, uint256 quote)',
  'function closePosition(ClosePositionParams params) returns (uint256 base, uint256 quote)',
  'function getAccountValue(address trader) view returns (int256 accountValue)',
  'function settleAllFunding(address trader)',
  'event PositionChanged(address indexed trader, address indexed baseToken, int256 exchangedPositionSize, int256 exchangedPositionNotional, uint256 fee, int256 openNotional, int256 realizedPnl, uint256 sqrtPriceAfterX96)',
  'event LiquidityChanged(address indexed maker, address indexed baseToken, address indexed quoteToken, int24 lowerTick, int24 upperTick, int256 base, int256 quote, int128 liquidity, uint256 quoteFee)',
])

export const perpVaultAbi = parseAbi([
  'function deposit(address token, uint256 amount)',
  'function withdraw(address token, uint256 amount)',
  'function getBalance(address trader) view returns (int256 balance)',
  'function getAccountValue(address trader) view returns (int256)',
  'function getFreeCollateral(address trader) view returns (uint256 freeCollateral)',
  'function getSettlementTokenValue(address trader) view returns (int256)',
  'function getSettlementToken() view returns (address)',
  'function decimals() view returns (uint8)',
  'event Deposited(address indexed collateralToken, address indexed trader, uint256 amount)',
  'event Withdrawn(address indexed collateralToken, address indexed trader, uint256 amount)',
])

export const perpAccountBalanceAbi = parseAbi([
  'function getBaseTokens(address trader) view returns (address[] baseTokens)',
  'function getTakerPositionSize(address trader, address baseToken) view returns (int256 takerPositionSize)',
  'function getTotalPositionSize(address trader, address baseToken) view returns (int256 totalPositionSize)',
  'function getTakerOpenNotional(address trader, address baseToken) view returns (int256 openNotional)',
  'function getTotalOpenNotional(address trader, address baseToken) view returns (int256 totalOpenNotional)',
  'function getTotalPositionValue(address trader, address baseToken) view returns (int256 totalPositionValue)',
  'function getTotalAbsPositionValue(address trader) view returns (uint256 totalAbsPositionValue)',
  'function getMarginRequirementForLiquidation(address trader) view returns (int256 marginRequirementForLiquidation)',
  'function getPnlAndPendingFee(address trader) view returns (int256 owedRealizedPnl, int256 unrealizedPnl, uint256 pendingFee)',
])

export const perpExchangeAbi = parseAbi([
  'function getAllPendingFundingPayment(address trader) view returns (int256 pendingFundingPayment)',
  'function getPendingFundingPayment(address trader, address baseToken) view returns (int256)',
  'function isOverPriceSpread(address baseToken) view returns (bool)',
])

export const perpBaseTokenAbi = parseAbi([
  'function getIndexPrice(uint256 interval) view returns (uint256)',
  'function getPriceFeed() view returns (address)',
  'function symbol() view returns (string)',
])

export const perpClearingHouseConfigAbi = parseAbi([
  'function getImRatio() view returns (uint24)',
  'function getMmRatio() view returns (uint24)',
  'function getTwapInterval() view returns (uint32)',
])

export const perpMarketRegistryAbi = parseAbi([
  'function getPool(address baseToken) view returns (address)',
  'function hasPool(address baseToken) view returns (bool)',
  'function getFeeRatio(address baseToken) view returns (uint24)',
])

export const uniswapV3PoolAbi = parseAbi([
  'function slot0() view returns (uint160 sqrtPriceX96, int24 tick, uint16 observationIndex, uint16 observationCardinality, uint16 observationCardinalityNext, uint8 feeProtocol, bool unlocked)',
  'function liquidity() view returns (uint128)',
])
