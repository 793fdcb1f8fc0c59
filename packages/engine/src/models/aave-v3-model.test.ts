import type { AaveReserveContext, Position } from '@xmargin/core'
import { describe, expect, it } from 'vitest'
import { calculateAaveAccountData } from '../aave-v3/calculate-aave-account-data.js'
import { computeMargin } from '../compute-margin.js'
import { debt, NOW, PRICES, spot, supply } from '../testing/fixtures.js'

const weth: AaveReserveContext = {
  ltv: 8000,
  liquidationThreshold: 8250,
  eModeCategory: 1,
  userEModeCategory: 0,
}
const usdc: AaveReserveContext = {
  ltv: 7700,
  liquidationThreshold: 8000,
  eModeCategory: 0,
  userEModeCategory: 0,
}

function account(debtUsdc: number): Position[] {
  return [
    { ...supply('WETH', 10), aave: weth } as Position,
    { ...debt('USDC', debtUsdc, { decimals: 6 }), aave: usdc } as Position,
    spot('WBTC', 1),
  ]
}

describe("computeMargin({ model: 'aave-v3' })", () => {
  it("reports the account's exact getUserAccountData figures as venue-native figures", () => {
    const report = computeMargin({ positions: account(12_000), prices: PRICES, now: NOW, model: 'aave-v3' })
    const expected = calculateAaveAccountData({
      reserves: [
        {
          decimals: 18,
          price: 3000_00000000n,
          ltv: 8000,
          liquidationThreshold: 8250,
          eModeCategory: 1,
          usageAsCollateralEnabled: true,
          supply: 10n * 10n ** 18n,
        },
        {
          decimals: 6,
          price: 1_00000000n,
          ltv: 7700,
          liquidationThreshold: 8000,
          eModeCategory: 0,
          usageAsCollateralEnabled: false,
          variableDebt: 12_000_000000n,
        },
      ],
    })
    // 30,000 · 0.825 / 12,000 = 2.0625
    expect(expected.healthFactor).toBe(2_062_500_000_000_000_000n)
    expect(report.venues).toHaveLength(1)
    expect(report.venues[0]?.aave).toMatchObject({
      healthFactor: expected.healthFactor,
      totalCollateralBase: expected.totalCollateralBase,
    })
    expect(report.health).toBe(2.0625)
    // IM = 30,000 · (1 − 0.80) = 6,000; MM = 30,000 · (1 − 0.825) = 5,250; E = 18,000.
    expect(report.initialMargin).toBeCloseTo(6_000, 9)
    expect(report.maintenanceMargin).toBeCloseTo(5_250, 9)
    expect(report.equity).toBeCloseTo(18_000, 9)
    expect(report.excluded).toEqual([{ id: '1:wallet:WBTC:spot', reason: 'not-modelled' }])
    expect(report.status).toBe('HEALTHY')
  })

  it('follows the health factor for WARNING and LIQUIDATABLE', () => {
    // Borrowable: 30,000 · 0.8 = 24,000; liquidation: 30,000 · 0.825 = 24,750.
    expect(
      computeMargin({ positions: account(24_500), prices: PRICES, now: NOW, model: 'aave-v3' }).status,
    ).toBe('WARNING')
    const under = computeMargin({ positions: account(25_000), prices: PRICES, now: NOW, model: 'aave-v3' })
    expect(under.status).toBe('LIQUIDATABLE')
    expect(under.health).toBeCloseTo(0.99, 12)
  })

  it('solves the liquidation price where HF = 1', () => {
    // HF = 10 · P · 0.825 / 12,000 = 1 → P = 1,454.55
    const report = computeMargin({ positions: account(12_000), prices: PRICES, now: NOW, model: 'aave-v3' })
    expect(report.liquidationPrices.find((l) => l.factor === 'ETH')?.below).toBeCloseTo(12_000 / 8.25, 4)
  })

  it('shows the Aave figures in portfolio reports too', () => {
    const report = computeMargin({ positions: account(12_000), prices: PRICES, now: NOW })
    expect(report.venues[0]?.aave?.healthFactor).toBe(2_062_500_000_000_000_000n)
  })
})
