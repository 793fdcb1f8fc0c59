import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InvalidBoundParametersError } from './errors.js'
import {
  MORPHO_MAX_LIQUIDATION_INCENTIVE_FACTOR_WAD,
  MORPHO_WAD,
  morphoBadDebtThreshold,
  morphoLeavesBadDebt,
  morphoLiquidationIncentiveFactorWad,
} from './morpho-bad-debt.js'

const W = MORPHO_WAD
const lltvArbitrary = fc.bigInt({ min: 1n, max: W - 1n })

describe('Morpho Blue liquidation incentive and bad-debt threshold', () => {
  it('computes the incentive factor as the contract does (WAD, rounded down, capped at 1.15)', () => {
    expect(morphoLiquidationIncentiveFactorWad(860_000_000_000_000_000n)).toBe(1043841336116910229n)
    expect(morphoLiquidationIncentiveFactorWad(945_000_000_000_000_000n)).toBe(1016776817488561260n)
    expect(morphoLiquidationIncentiveFactorWad(1n)).toBe(MORPHO_MAX_LIQUIDATION_INCENTIVE_FACTOR_WAD)
    fc.assert(
      fc.property(lltvArbitrary, (lltv) => {
        const l = Number(lltv) / 1e18
        expect(Number(morphoLiquidationIncentiveFactorWad(lltv)) / 1e18).toBeCloseTo(
          Math.min(1.15, 1 / (0.3 * l + 0.7)),
          12,
        )
      }),
    )
  })

  it('a position at its LLTV leaves bad debt exactly when the price falls by more than 1 − LLTV·LIF', () => {
    fc.assert(
      fc.property(
        lltvArbitrary,
        fc.bigInt({ min: 0n, max: 10n ** 9n }),
        fc.bigInt({ min: 1n, max: 10n ** 9n }),
        (lltv, a, b) => {
          const [sNum, sDen] = a <= b ? [a, b] : [b, a] // a fall s = sNum/sDen in [0, 1]
          const collateral = W * sDen
          const debt = lltv * sDen // LTV = LLTV
          const fallen = W * (sDen - sNum)
          // the bound restated independently: s > 7(1 − L)/(3L + 7) below the cap, s > 1 − 1.15·L at it
          const capBinds = 1000n * W >= 115n * (3n * lltv + 7n * W)
          const beyond = capBinds
            ? sNum * 100n * W > (100n * W - 115n * lltv) * sDen
            : sNum * (3n * lltv + 7n * W) > 7n * (W - lltv) * sDen
          expect(morphoLeavesBadDebt({ collateralValue: fallen, debtValue: debt, lltv })).toBe(beyond)
          expect(morphoLeavesBadDebt({ collateralValue: collateral, debtValue: debt, lltv })).toBe(false)
        },
      ),
      { numRuns: 2000 },
    )
    expect(morphoBadDebtThreshold(860_000_000_000_000_000n)).toBeCloseTo(1 - 0.86 / 0.958, 12)
  })

  it('flips at c = q·LIF exactly', () => {
    // LLTV 0.86: LIF = 10/9.58 = 1000/958, so q = 958k, c = 1000k is the bound
    const lltv = 860_000_000_000_000_000n
    expect(morphoLeavesBadDebt({ collateralValue: 1000n, debtValue: 958n, lltv })).toBe(false)
    expect(morphoLeavesBadDebt({ collateralValue: 999n, debtValue: 958n, lltv })).toBe(true)
    expect(() => morphoLeavesBadDebt({ collateralValue: 1n, debtValue: 1n, lltv: W })).toThrow(
      InvalidBoundParametersError,
    )
  })
})
