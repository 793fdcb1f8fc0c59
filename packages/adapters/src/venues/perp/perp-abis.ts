import { parseAbi } from 'viem'

/** Perpetual Protocol v2 (Curie) views and the events that change a trader's account. */
export const perpVaultAbi = parseAbi([
  'function getSettlementToken() view returns (address)',
  'function getBalance(address trader) view returns (int256)',
  'event Deposited(address indexed collateralToken, address indexed trader, uint256 amount)',
  'event Withdrawn(address indexed collateralToken, address indexed trader, uint256 amount)',
  'event CollateralLiquidated(address indexed trader, address indexed collateralToken, address indexed liquidator, uint256 collateral, uint256 repaidSettlementWithoutInsuranceFundFeeX10_S, uint256 insuranceFundFeeX10_S, uint24 discountRatio)',
])

export const perpClearingHouseAbi = parseAbi([
  'event PositionChanged(address indexed trader, address indexed baseToken, int256 exchangedPositionSize, int256 exchangedPositionNotional, uint256 fee, int256 openNotional, int256 realizedPnl, uint256 sqrtPriceAfterX96)',
  'event PositionClosed(address indexed trader, address indexed baseToken, int256 closedPositionSize, int256 closedPositionNotional, int256 openNotional, int256 realizedPnl, uint256 closedPrice)',
  'event PositionLiquidated(address indexed trader, address indexed baseToken, uint256 positionNotional, uint256 positionSize, uint256 liquidationFee, address liquidator)',
  'event FundingPaymentSettled(address indexed trader, address indexed baseToken, int256 fundingPayment)',
  'event LiquidityChanged(address indexed maker, address indexed baseToken, address indexed quoteToken, int24 lowerTick, int24 upperTick, int256 base, int256 quote, int128 liquidity, uint256 quoteFee)',
])

export const perpAccountBalanceAbi = parseAbi([
  'function getTotalPositionSize(address trader, address baseToken) view returns (int256)',
  'function getTotalOpenNotional(address trader, address baseToken) view returns (int256)',
  'function getPnlAndPendingFee(address trader) view returns (int256 owedRealizedPnl, int256 unrealizedPnl, uint256 pendingFee)',
])

export const perpExchangeAbi = parseAbi([
  'function getPendingFundingPayment(address trader, address baseToken) view returns (int256)',
  'function getMarketRegistry() view returns (address)',
])

export const perpMarketRegistryAbi = parseAbi(['function getPool(address baseToken) view returns (address)'])
