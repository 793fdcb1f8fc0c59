import type { AaveReserveContext, Position } from '@xmargin/core'
import { defaultRiskParameters } from '@xmargin/core'
import { describe, expect, it } from 'vitest'
import { MissingVenueParameterError } from '../errors.js'
import { prepareInputs } from '../prepare-inputs.js'
import { debt, NOW, PRICES, supply } from '../testing/fixtures.js'
import { aaveV3Rule } from './aave-v3-rule.js'
import { morphoLiquidationIncentiveFactor } from './morpho-blue-liquidation.js'
import { morphoBlueRule } from './morpho-blue-rule.js'

const weth: AaveReserveContext = {
  ltv: 8000,
  liquidationThreshold: 8250,
  liquidationBonus: 10500,
  eModeCategory: 1,
  userEModeCategory: 0,
}
const usdc: AaveReserveContext = {
  ltv: 7700,
  liquidationThreshold: 8000,
  liquidationBonus: 10450,
  eModeCategory: 0,
  userEModeCategory: 0,
}

function accountOf(positions: Position[], rule: typeof aaveV3Rule) {
  const { book } = prepareInputs({ positions, prices: PRICES, params: defaultRiskParameters, now: NOW })
  return { account: rule.accountsOf(book.positions, book.rate)[0]!, eth: book.factors.indexOf('ETH') }
}

function aaveAccount(usdcDebt: number, wethContext: AaveReserveContext = weth) {
  return accountOf(
    [
      { ...supply('WETH', 10), aave: wethContext } as Position,
      { ...debt('USDC', usdcDebt, { decimals: 6 }), aave: usdc } as Position,
    ],
    aaveV3Rule,
  )
}

describe('aaveV3Rule.liquidation()', () => {
  it('is null while the health factor is at least 1', () => {
    const { account } = aaveAccount(24_000)
    expect(aaveV3Rule.liquidation!(account)).toBeNull()
  })

  it('repays half the debt above health 0.95, seizing it times the collateral bonus', () => {
    // HF = 24,750 / 24,800 = 0.998: close factor 50% → 12,400 USDC, seized 12,400 · 1.05 / 3,000 WETH.
    const { account } = aaveAccount(24_800)
    const result = aaveV3Rule.liquidation!(account)!
    expect(result.repaid.asset).toBe('USDC')
    expect(result.repaid.quantity).toBeCloseTo(12_400, 6)
    expect(result.seized).toMatchObject({ asset: 'WETH' })
    expect(result.seized.quantity).toBeCloseTo((12_400 * 1.05) / 3000, 9)
    expect(result.badDebt).toBe(0)
  })

  it('repays all of it at or below 0.95, capped by the collateral: the rest is bad debt', () => {
    // HF = 24,750 / 26,500 = 0.934: 100% → seized 26,500 · 1.05 / 3,000 = 9.275 WETH.
    expect(aaveV3Rule.liquidation!(aaveAccount(26_500).account)!.seized.quantity).toBeCloseTo(9.275, 9)
    // After ETH −10%: 29,000 · 1.05 / 2,700 > 10 WETH → all 10 seized, 27,000 / 1.05 repaid.
    const { account, eth } = aaveAccount(29_000)
    const result = aaveV3Rule.liquidation!(account, (p) => (p.factor === eth ? 0.9 : 1))!
    expect(result.seized.quantity).toBeCloseTo(10, 9)
    expect(result.repaid.quantity).toBeCloseTo(27_000 / 1.05, 6)
    expect(result.badDebt).toBeCloseTo(29_000 - 27_000 / 1.05, 6)
  })

  it("uses the eMode category's bonus when the user and the collateral share the category", () => {
    const eMode = {
      ...weth,
      userEModeCategory: 1,
      eModeLtv: 9300,
      eModeLiquidationThreshold: 9500,
      eModeLiquidationBonus: 10100,
    }
    const { account } = accountOf(
      [
        { ...supply('WETH', 10), aave: eMode } as Position,
        { ...debt('USDC', 28_600, { decimals: 6 }), aave: { ...usdc, userEModeCategory: 1 } } as Position,
      ],
      aaveV3Rule,
    )
    // HF = 28,500 / 28,600 = 0.9965 → 14,300 repaid, 14,300 · 1.01 / 3,000 seized.
    expect(aaveV3Rule.liquidation!(account)!.seized.quantity).toBeCloseTo((14_300 * 1.01) / 3000, 9)
  })

  it('refuses to guess a missing liquidation bonus', () => {
    const { account } = aaveAccount(24_800, { ...weth, liquidationBonus: undefined })
    expect(() => aaveV3Rule.liquidation!(account)).toThrow(MissingVenueParameterError)
  })
})

describe('morphoBlueRule.liquidation()', () => {
  const market = { market: '0xaa', lltv: 860_000_000_000_000_000n }
  const book = (borrowed: number) =>
    accountOf(
      [
        { ...supply('WETH', 5, { venue: 'morpho-blue' }), morpho: market } as Position,
        { ...debt('USDC', borrowed, { venue: 'morpho-blue', decimals: 6 }), morpho: market } as Position,
      ],
      morphoBlueRule,
    )

  it('has the incentive factor min(1.15, 1 / (0.3 · LLTV + 0.7))', () => {
    expect(morphoLiquidationIncentiveFactor(0.86)).toBeCloseTo(1 / 0.958, 12)
    expect(morphoLiquidationIncentiveFactor(0.2)).toBe(1.15)
  })

  it('liquidates the whole borrow at the incentive factor, and realizes bad debt when collateral runs out', () => {
    // 5 WETH · 3,000 · 0.86 = 12,900 < 13,000.
    expect(morphoBlueRule.liquidation!(book(12_000).account)).toBeNull()
    const lif = 1 / 0.958
    const { account, eth } = book(13_000)
    const full = morphoBlueRule.liquidation!(account)!
    expect(full.repaid.quantity).toBeCloseTo(13_000, 9)
    expect(full.seized.quantity).toBeCloseTo((13_000 * lif) / 3000, 9)
    expect(full.badDebt).toBe(0)
    const crashed = morphoBlueRule.liquidation!(account, (p) => (p.factor === eth ? 0.5 : 1))!
    expect(crashed.seized.amount).toBe(5n * 10n ** 18n)
    // Contract rounding: wDivUp(7,500e6, LIF WAD 1.043841336116910229e18) = 7,185,000,001 (up by 1e-6 USDC).
    expect(crashed.repaid.amount).toBe(7_185_000_001n)
    expect(crashed.repaid.quantity).toBeCloseTo(7_500 / lif, 5)
    expect(crashed.writtenOff).toBe(13_000_000_000n - 7_185_000_001n)
    expect(crashed.badDebt).toBeCloseTo(13_000 - 7_500 / lif, 5)
  })
})
