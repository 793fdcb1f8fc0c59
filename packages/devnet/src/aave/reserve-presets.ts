import type { AaveEModeInput, AaveReserveInput } from './deploy-aave.js'
import {
  lstInterestRate,
  stablecoinInterestRate,
  wbtcInterestRate,
  wethInterestRate,
} from './interest-rate-strategy.js'

/** The risk half of a reserve input: what a preset supplies; the caller adds token, feed, decimals. */
export type AaveRiskPreset = Omit<AaveReserveInput, 'symbol' | 'token' | 'decimals' | 'feed'>

/** eMode category 1 as on Aave v3 Ethereum: 93 % LTV, 95 % threshold, 1 % bonus. */
export const ethCorrelatedEMode: AaveEModeInput = {
  id: 1,
  label: 'ETH correlated',
  ltv: 9300,
  liquidationThreshold: 9500,
  liquidationBonus: 10100,
}

/**
 * Risk parameters close to Aave v3 Ethereum's (2024 values, rounded; governance moves them often).
 * WETH and wstETH sit in eMode 1. USDC.e on Arbitrum can reuse the USDC entry.
 *
 * @example
 * const reserve: AaveReserveInput = { symbol: 'WETH', token, decimals: 18, feed, ...aaveRiskPresets.WETH }
 */
export const aaveRiskPresets = {
  WETH: {
    ltv: 8050,
    liquidationThreshold: 8300,
    liquidationBonus: 10500,
    reserveFactor: 1500,
    borrowable: true,
    eModeCategory: 1,
    interestRate: wethInterestRate,
  },
  wstETH: {
    ltv: 7850,
    liquidationThreshold: 8100,
    liquidationBonus: 10600,
    reserveFactor: 500,
    borrowable: true,
    eModeCategory: 1,
    interestRate: lstInterestRate,
  },
  WBTC: {
    ltv: 7300,
    liquidationThreshold: 7800,
    liquidationBonus: 10500,
    reserveFactor: 2000,
    borrowable: true,
    interestRate: wbtcInterestRate,
  },
  USDC: {
    ltv: 7700,
    liquidationThreshold: 8000,
    liquidationBonus: 10450,
    reserveFactor: 1000,
    borrowable: true,
    interestRate: stablecoinInterestRate,
  },
  USDT: {
    ltv: 7400,
    liquidationThreshold: 7600,
    liquidationBonus: 10450,
    reserveFactor: 1000,
    borrowable: true,
    interestRate: stablecoinInterestRate,
  },
} as const satisfies Record<string, AaveRiskPreset>
