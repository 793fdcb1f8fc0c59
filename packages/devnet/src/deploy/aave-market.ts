import type { AaveReserveInput } from '../aave/deploy-aave.js'
import type { DeployedToken } from './deploy-tokens.js'

/**
 * Reserve parameters (basis points), close to Aave v3's Ethereum market in 2024 (governance
 * forum / app.aave.com figures, rounded): LTV, liquidation threshold, liquidation bonus
 * (10500 = 5% bonus), reserve factor.
 */
export const aaveReserveParameters: Record<
  string,
  Omit<AaveReserveInput, 'symbol' | 'token' | 'decimals' | 'feed'>
> = {
  WETH: {
    ltv: 8050,
    liquidationThreshold: 8300,
    liquidationBonus: 10500,
    reserveFactor: 1500,
    borrowable: true,
    eModeCategory: 1,
  },
  WBTC: {
    ltv: 7300,
    liquidationThreshold: 7800,
    liquidationBonus: 10500,
    reserveFactor: 2000,
    borrowable: true,
  },
  USDC: {
    ltv: 7500,
    liquidationThreshold: 7800,
    liquidationBonus: 10450,
    reserveFactor: 1000,
    borrowable: true,
  },
  USDT: {
    ltv: 7400,
    liquidationThreshold: 7600,
    liquidationBonus: 10450,
    reserveFactor: 1000,
    borrowable: true,
  },
  wstETH: {
    ltv: 7850,
    liquidationThreshold: 8100,
    liquidationBonus: 10600,
    reserveFactor: 1500,
    borrowable: true,
    eModeCategory: 1,
  },
}

/** Aave's "ETH correlated" eMode: 93% LTV, 95% liquidation threshold, 1% bonus. */
export const aaveEModes = [
  { id: 1, label: 'ETH correlated', ltv: 9300, liquidationThreshold: 9500, liquidationBonus: 10100 },
]

/**
 * The reserve list for a chain's Aave market from its deployed tokens (those with parameters).
 *
 * @example
 * const reserves = aaveReservesFor(tokens)
 */
export function aaveReservesFor(tokens: readonly DeployedToken[]): AaveReserveInput[] {
  return tokens.flatMap((token) => {
    const params = aaveReserveParameters[token.symbol]
    if (!params) return []
    return [
      { symbol: token.symbol, token: token.address, decimals: token.decimals, feed: token.feed, ...params },
    ]
  })
}
