import { formatUserSummary } from '@aave/math-utils'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { aaveAccountArbitrary, toEngineInput, toMathUtilsInput } from '../testing/aave-accounts.js'
import { calculateAaveAccountData } from './calculate-aave-account-data.js'
import { MAX_UINT256 } from './wad-ray-math.js'

const reserve = {
  decimals: 18,
  price: 3000_00000000n,
  ltv: 8000,
  liquidationThreshold: 8250,
  eModeCategory: 0,
  usageAsCollateralEnabled: true,
}

describe('calculateAaveAccountData()', () => {
  it('reproduces getUserAccountData on a WETH-collateral / USDC-debt account', () => {
    // collateral = 1e18 · 3000e8 / 1e18 = 3000e8; debt = 1e8 · 1000e6 / 1e6 = 1000e8
    // HF = wadDiv(percentMul(3000e8, 8250), 1000e8) = wadDiv(2475e8, 1000e8) = 2.475e18
    // available = percentMul(3000e8, 8000) − 1000e8 = 2400e8 − 1000e8 = 1400e8
    const data = calculateAaveAccountData({
      reserves: [
        { ...reserve, supply: 10n ** 18n },
        {
          ...reserve,
          decimals: 6,
          price: 1_00000000n,
          ltv: 7700,
          liquidationThreshold: 8000,
          usageAsCollateralEnabled: false,
          variableDebt: 1000_000000n,
        },
      ],
    })
    expect(data).toEqual({
      totalCollateralBase: 300_000_000_000n,
      totalDebtBase: 100_000_000_000n,
      availableBorrowsBase: 140_000_000_000n,
      currentLiquidationThreshold: 8250n,
      ltv: 8000n,
      healthFactor: 2_475_000_000_000_000_000n,
      hasZeroLtvCollateral: false,
    })
  })

  it('v3.2 eMode: the category LT applies only to collateral in its bitmap, the rest keeps its own', () => {
    // WETH 3000e8 in the category's collateral bitmap (eMode LT 9300), USDC 1000e8 outside it
    // (own LT 7800); the reserve category bits are 0 as on v3.2. Debt 2000e8.
    // weighted LT = (3000e8·9300 + 1000e8·7800) / 4000e8 = 8925; HF = wadDiv(percentMul(4000e8, 8925), 2000e8) = 1.785e18
    const usdc = { ...reserve, decimals: 6, price: 1_00000000n, ltv: 7500, liquidationThreshold: 7800 }
    const data = calculateAaveAccountData({
      reserves: [
        { ...reserve, supply: 10n ** 18n, eModeCollateral: true },
        { ...usdc, supply: 1000_000000n, eModeCollateral: false },
        { ...usdc, asset: 'debt', usageAsCollateralEnabled: false, variableDebt: 2000_000000n },
      ],
      userEModeCategory: 1,
      eModeCategory: { ltv: 9000, liquidationThreshold: 9300 },
    })
    expect(data.currentLiquidationThreshold).toBe(8925n)
    expect(data.healthFactor).toBe(1_785_000_000_000_000_000n)
    // the v3.0 rule would apply no eMode (reserve category 0 ≠ 1): (3000·8250 + 1000·7800) / 4000 = 8137
    const v30 = calculateAaveAccountData({
      reserves: [
        { ...reserve, supply: 10n ** 18n },
        { ...usdc, supply: 1000_000000n },
        { ...usdc, usageAsCollateralEnabled: false, variableDebt: 2000_000000n },
      ],
      userEModeCategory: 1,
      eModeCategory: { ltv: 9000, liquidationThreshold: 9300 },
    })
    expect(v30.currentLiquidationThreshold).toBe(8137n)
  })

  it('rounds rayMul half up on scaled balances and floors base values', () => {
    // rayMul(3, 1.5e27) = (4.5e27 + 0.5e27) / 1e27 = 5; value = 5 · 7 / 10 = 3 (floor of 3.5)
    const data = calculateAaveAccountData({
      reserves: [{ ...reserve, decimals: 1, price: 7n, supply: { scaled: 3n, index: 15n * 10n ** 26n } }],
    })
    expect(data.totalCollateralBase).toBe(3n)
    expect(data.healthFactor).toBe(MAX_UINT256)
    // percentMul(3, 8000) = (24000 + 5000) / 10000 = 2
    expect(data.availableBorrowsBase).toBe(2n)
  })

  it('floors the weighted average thresholds', () => {
    // values 1 and 2 with thresholds 8000 and 7000: (8000 + 14000) / 3 = 7333.33 → 7333
    const data = calculateAaveAccountData({
      reserves: [
        { ...reserve, decimals: 0, price: 1n, supply: 1n, liquidationThreshold: 8000 },
        { ...reserve, decimals: 0, price: 1n, supply: 2n, liquidationThreshold: 7000 },
      ],
    })
    expect(data.currentLiquidationThreshold).toBe(7333n)
  })

  it('applies eMode LTV, threshold and price source to assets of the user category', () => {
    // USDC supply 1000 and USDT debt 500, both in category 1 with priceSource at 1.01:
    // collateral = 1000e6 · 1.01e8 / 1e6 = 1010e8; debt = 505e8; HF = wadDiv(percentMul(1010e8, 9300), 505e8)
    // = wadDiv(939.3e8, 505e8) = 1.86e18
    const stable = {
      ...reserve,
      decimals: 6,
      price: 1_00000000n,
      ltv: 7500,
      liquidationThreshold: 8000,
      eModeCategory: 1,
    }
    const data = calculateAaveAccountData({
      reserves: [
        { ...stable, supply: 1000_000000n },
        { ...stable, usageAsCollateralEnabled: false, variableDebt: 500_000000n },
      ],
      userEModeCategory: 1,
      eModeCategory: { ltv: 9000, liquidationThreshold: 9300, price: 1_01000000n },
    })
    expect(data.totalCollateralBase).toBe(101_000_000_000n)
    expect(data.totalDebtBase).toBe(50_500_000_000n)
    expect(data.ltv).toBe(9000n)
    expect(data.currentLiquidationThreshold).toBe(9300n)
    expect(data.healthFactor).toBe(1_860_000_000_000_000_000n)
  })

  it('flags zero-LTV collateral and leaves it out of the LTV average only', () => {
    // A: 100e8 at LTV 0 / LT 7000; B: 100e8 at 8000 / 8500 → LTV (100e8·8000)/200e8 = 4000, LT 7750
    const data = calculateAaveAccountData({
      reserves: [
        { ...reserve, decimals: 0, price: 100_00000000n, supply: 1n, ltv: 0, liquidationThreshold: 7000 },
        { ...reserve, decimals: 0, price: 100_00000000n, supply: 1n, ltv: 8000, liquidationThreshold: 8500 },
      ],
    })
    expect(data.hasZeroLtvCollateral).toBe(true)
    expect(data.ltv).toBe(4000n)
    expect(data.currentLiquidationThreshold).toBe(7750n)
  })

  it('ignores supply without the collateral flag and reserves with threshold 0', () => {
    const data = calculateAaveAccountData({
      reserves: [
        { ...reserve, supply: 10n ** 18n, usageAsCollateralEnabled: false },
        { ...reserve, supply: 10n ** 18n, ltv: 0, liquidationThreshold: 0 },
      ],
    })
    expect(data.totalCollateralBase).toBe(0n)
    expect(data.hasZeroLtvCollateral).toBe(false)
  })

  it('adds stable debt to variable debt before pricing', () => {
    // (1 + 2) · 3000e8 / 1e18 with 1 and 2 wei: floor(9000e8 / 1e18) = 0 — so use whole units:
    const data = calculateAaveAccountData({
      reserves: [
        {
          ...reserve,
          usageAsCollateralEnabled: false,
          variableDebt: 10n ** 18n,
          stableDebt: 2n * 10n ** 18n,
        },
      ],
    })
    expect(data.totalDebtBase).toBe(9000_00000000n)
    expect(data.healthFactor).toBe(0n)
  })

  it('agrees with @aave/math-utils on random accounts within its documented rounding', () => {
    // math-utils keeps fractional base values (no per-reserve floor), turns scaled balances into
    // balances by rounding in ray then ray→wad (two roundings: it can be 1 wei above the contract's
    // single rayMul) and does not floor the averages; the contract floors. So per reserve the base
    // value may differ by 1 wei × price / unit plus the floor; averages by 1 bp plus the effect of
    // those weight errors; the health factor by the threshold flooring (≤ 1/LT) and the same errors.
    fc.assert(
      fc.property(aaveAccountArbitrary, (account) => {
        const ours = calculateAaveAccountData(toEngineInput(account))
        const theirs = formatUserSummary(toMathUtilsInput(account))
        let err = 1
        for (const r of account.reserves) err += Number(r.price) / 10 ** r.decimals + 1
        const base = (x: string) => Number(x) * 1e8
        const collateral = Number(ours.totalCollateralBase)
        const debt = Number(ours.totalDebtBase)
        expect(
          Math.abs(collateral - base(theirs.totalCollateralMarketReferenceCurrency)),
        ).toBeLessThanOrEqual(err + 1e-12 * collateral)
        expect(Math.abs(debt - base(theirs.totalBorrowsMarketReferenceCurrency))).toBeLessThanOrEqual(
          err + 1e-12 * debt,
        )
        const lt = Number(theirs.currentLiquidationThreshold) * 1e4
        if (collateral > 0) {
          const averageTolerance = 1 + (2e4 * err) / collateral
          expect(Math.abs(Number(ours.ltv) - Number(theirs.currentLoanToValue) * 1e4)).toBeLessThanOrEqual(
            averageTolerance,
          )
          expect(Math.abs(Number(ours.currentLiquidationThreshold) - lt)).toBeLessThanOrEqual(
            averageTolerance,
          )
          expect(
            Math.abs(
              Number(ours.availableBorrowsBase) - base(theirs.availableBorrowsMarketReferenceCurrency),
            ),
          ).toBeLessThanOrEqual(3 * err + collateral / 1e4 + 1)
        }
        if (ours.totalDebtBase === 0n) {
          expect(ours.healthFactor).toBe(MAX_UINT256)
          // The contract floors each reserve's base value, so dust debt (1 wei at a low price) is 0
          // for it but not for math-utils, which then reports a finite health factor.
          if (Number(theirs.totalBorrowsMarketReferenceCurrency) === 0) expect(theirs.healthFactor).toBe('-1')
          else expect(base(theirs.totalBorrowsMarketReferenceCurrency)).toBeLessThanOrEqual(err)
        } else if (collateral > 0 && lt > 0) {
          const hf = Number(ours.healthFactor) / 1e18
          const reference = Number(theirs.healthFactor)
          const relative = 1 / lt + (4 * err) / collateral + (2 * err) / debt + 1e-9
          expect(Math.abs(hf - reference)).toBeLessThanOrEqual(reference * relative + 1e-18)
        }
      }),
      { numRuns: 1000 },
    )
  })
})
