import type { AaveReserveContext, MorphoMarketContext, Position } from '@xmargin/core'
import { defaultRiskParameters } from '@xmargin/core'
import { describe, expect, it } from 'vitest'
import { prepareInputs } from '../prepare-inputs.js'
import { debt, NOW, PRICES, supply } from '../testing/fixtures.js'
import { aaveV3Rule } from './aave-v3-rule.js'
import { feedRatioOraclePrice } from './morpho-blue-math.js'
import { morphoBlueRule } from './morpho-blue-rule.js'
import type { VenueRule } from './venue-rule.js'

// Every expected figure below is worked by hand from the contracts' formulas (Aave core-v3 1.19.3
// LiquidationLogic with PercentageMath's half-up rounding; Morpho Blue 1.0.0 liquidate with
// SharesMathLib's virtual shares), digit by digit, not by calling the code under test.

const weth: AaveReserveContext = {
  ltv: 8000,
  liquidationThreshold: 8250,
  liquidationBonus: 10500,
  liquidationProtocolFee: 1000,
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

function accountOf(positions: Position[], rule: VenueRule) {
  const { book } = prepareInputs({ positions, prices: PRICES, params: defaultRiskParameters, now: NOW })
  const eth = book.factors.indexOf('ETH')
  return {
    account: rule.accountsOf(book.positions, book.rate)[0]!,
    at: (m: number) => (p: { factor: number }) => (p.factor === eth ? m : 1),
  }
}

describe('liquidateAave() in the contract’s integers', () => {
  it('rounds the close factor, bonus and protocol fee half up, as PercentageMath does', () => {
    // 10 WETH at 3,000 (threshold 82.5%), 24,800.123457 USDC: HF 0.99798 > 0.95 → close factor 50%.
    // debtToCover = percentMul(24,800,123,457, 5000) = (124,000,617,285,000 + 5,000) / 1e4 = 12,400,061,729
    //   (half up: the float half is 12,400,061,728.5).
    // baseCollateral = 1e8 · 12,400,061,729 · 1e18 / (3,000e8 · 1e6) = 4,133,353,909,666,666,666
    // seized = percentMul(base, 10500) = 43,400,216,051,499,999,998,000 / 1e4 = 4,340,021,605,149,999,999
    // fee = percentMul(seized − percentDiv(seized, 10500), 1000)
    //     = percentMul(4,340,021,605,149,999,999 − 4,133,353,909,666,666,666, 1000) = 20,666,769,548,333,333
    const { account } = accountOf(
      [
        { ...supply('WETH', 10), aave: weth } as Position,
        { ...debt('USDC', 0, { decimals: 6 }), amount: 24_800_123_457n, aave: usdc } as Position,
      ],
      aaveV3Rule,
    )
    const result = aaveV3Rule.liquidation!(account)!
    expect(result.repaid).toMatchObject({ asset: 'USDC', amount: 12_400_061_729n })
    expect(result.seized).toMatchObject({ asset: 'WETH', amount: 4_340_021_605_149_999_999n })
    expect(result.protocolFee).toBe(20_666_769_548_333_333n)
    expect(result.writtenOff).toBe(0n)
    expect(result.badDebt).toBe(0)
  })

  it('at or below health 0.95 covers the whole debt; capped by the balance, the repaid debt is percentDiv’d', () => {
    // 10 WETH, 29,000 USDC, ETH −10%: oracle 2,700e8; HF = 22,275 / 29,000 = 0.768 → close factor 100%.
    // percentMul(29,000e6 · 1e8 · 1e18 / (2,700e8 · 1e6), 10500) = 11.277…e18 > 10e18 → all 10 WETH;
    // repaid = percentDiv(2,700e8 · 10e18 · 1e6 / (1e8 · 1e18), 10500)
    //        = (27,000,000,000 · 1e4 + 5,250) / 10,500 = 25,714,285,714
    // fee = percentMul(10e18 − percentDiv(10e18, 10500), 1000) = percentMul(476,190,476,190,476,190, 1000)
    //     = 47,619,047,619,047,619
    const { account, at } = accountOf(
      [
        { ...supply('WETH', 10), aave: weth } as Position,
        { ...debt('USDC', 29_000, { decimals: 6 }), aave: usdc } as Position,
      ],
      aaveV3Rule,
    )
    const result = aaveV3Rule.liquidation!(account, at(0.9))!
    expect(result.seized.amount).toBe(10n ** 19n)
    expect(result.repaid.amount).toBe(25_714_285_714n)
    expect(result.protocolFee).toBe(47_619_047_619_047_619n)
    expect(result.badDebt).toBeCloseTo(29_000 - 25_714.285714, 6)
  })
})

describe('liquidateMorpho() in the contract’s integers', () => {
  // A market that has accrued interest: 1,234,567.890123 USDC borrowed for 1.2e18 shares, the
  // account holding 1.3e16 of them: toAssetsUp(1.3e16, A + 1, S + 1e6) = 13,374,485,477 (13,374.49 USDC).
  const market: MorphoMarketContext = {
    market: '0xaa',
    lltv: 860_000_000_000_000_000n,
    borrowShares: 13_000_000_000_000_000n,
    totalBorrowAssets: 1_234_567_890_123n,
    totalBorrowShares: 1_200_000_000_000_000_000n,
  }
  const account = (weth: number) =>
    accountOf(
      [
        { ...supply('WETH', weth, { venue: 'morpho-blue' }), morpho: market } as Position,
        {
          ...debt('USDC', 0, { venue: 'morpho-blue', decimals: 6 }),
          amount: 13_374_485_477n,
          morpho: market,
        } as Position,
      ],
      morphoBlueRule,
    )

  it('reads the oracle as a feed-ratio oracle: 10^(36 + 6 + 8 − 18 − 8) · answer ratio', () => {
    const price = feedRatioOraclePrice({
      collateral: { answer: 225_000_000_000n, feedDecimals: 8, tokenDecimals: 18 },
      loan: { answer: 100_000_000n, feedDecimals: 8, tokenDecimals: 6 },
    })
    expect(price).toBe(2250n * 10n ** 24n)
    // a loan feed with 6 decimals folds the difference into the scale
    expect(
      feedRatioOraclePrice({
        collateral: { answer: 225_000_000_000n, feedDecimals: 8, tokenDecimals: 18 },
        loan: { answer: 999_900n, feedDecimals: 6, tokenDecimals: 6 },
      }),
    ).toBe((10n ** 22n * 225_000_000_000n) / 999_900n)
  })

  it('repays every share when the collateral covers them, seizing toAssetsDown(shares)·LIF rounded down', () => {
    // 7 WETH at 2,200 (oracle 2,200e24): max borrow 7e18·2,200e24/1e36 · 0.86 = 13,244 USDC < 13,374.49.
    // LIF = 1e36 / (1e18 − 0.3e18·0.14e18/1e18) = 1,043,841,336,116,910,229.
    // seized = mulDivDown(wMulDown(toAssetsDown(1.3e16), LIF), 1e36, 2,200e24) = 6,345,836,722,272,727,272
    const { account: a, at } = account(7)
    const result = morphoBlueRule.liquidation!(a, at(2200 / 3000))!
    expect(result.seized.amount).toBe(6_345_836_722_272_727_272n)
    expect(result.repaid.amount).toBe(13_374_485_477n)
    expect(result.writtenOff).toBe(0n)
    expect(result.morpho).toEqual({
      repaidShares: 13_000_000_000_000_000n,
      badDebtShares: 0n,
      after: {
        borrowShares: 0n,
        totalBorrowAssets: 1_221_193_404_646n,
        totalBorrowShares: 1_187n * 10n ** 15n,
      },
    })
  })

  it('seizes all the collateral when it falls short, repays toSharesUp(wDivUp(…)) shares and writes off the rest', () => {
    // 5 WETH at 2,250: toAssetsDown(1.3e16)·LIF/2,250 = 6.2 WETH > 5 → seizedAssets = 5e18;
    // repaidShares = toSharesUp(wDivUp(mulDivUp(5e18, 2,250e24, 1e36), LIF)) = toSharesUp(10,777,500,002)
    //   = 10,475,730,095,257,692; repaid = toAssetsUp(that) = 10,777,500,002;
    // bad debt: 2,524,269,904,742,308 shares, toAssetsUp on the totals after = 2,596,985,476.
    const { account: a, at } = account(5)
    const result = morphoBlueRule.liquidation!(a, at(0.75))!
    expect(result.seized.amount).toBe(5n * 10n ** 18n)
    expect(result.repaid.amount).toBe(10_777_500_002n)
    expect(result.writtenOff).toBe(2_596_985_476n)
    expect(result.badDebt).toBeCloseTo(2_596.985476, 6)
    expect(result.morpho).toEqual({
      repaidShares: 10_475_730_095_257_692n,
      badDebtShares: 2_524_269_904_742_308n,
      after: {
        borrowShares: 0n,
        totalBorrowAssets: 1_221_193_404_645n,
        totalBorrowShares: 1_187n * 10n ** 15n,
      },
    })
  })

  it('finds the line in integers: healthy exactly while toAssetsUp(shares) ≤ collateral·price·LLTV', () => {
    // 13,374,485,477 / 0.86 / 7 WETH = 2,221.674… USDC: the oracle answer 222,167,532,843 (8 decimals) is the
    // first at which the position is healthy.
    const { account: a } = account(7)
    const check = (answer: number) =>
      morphoBlueRule.check(a, (p) => (p.position.asset === 'WETH' ? answer / 3e11 : 1)).liquidatable
    expect(check(222_167_532_843)).toBe(false)
    expect(check(222_167_532_842)).toBe(true)
  })
})
