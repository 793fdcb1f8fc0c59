import { defaultRiskParameters, type Position } from '@xmargin/core'
import { describe, expect, it } from 'vitest'
import { prepareInputs } from '../prepare-inputs.js'
import { MORPHO_MARKET, WETH_RESERVE, walletAddress } from '../testing/cascade-fixtures.js'
import { NOW, PRICES, spot, supply } from '../testing/fixtures.js'
import { collateralBonus } from './portfolio-liquidation.js'

function prepared(position: Position) {
  return prepareInputs({ positions: [position], prices: PRICES, params: defaultRiskParameters, now: NOW })
    .book.positions[0]!
}

describe('collateralBonus()', () => {
  const c = { wallet: walletAddress(0) }
  it("takes an Aave reserve's bonus, its eMode category's when the account is in it", () => {
    const weth = supply('WETH', 1, c)
    expect(collateralBonus(prepared({ ...weth, aave: WETH_RESERVE } as Position), 0.1)).toBeCloseTo(0.05, 12)
    const eMode = { ...WETH_RESERVE, userEModeCategory: 1, eModeLiquidationBonus: 10_100 }
    expect(collateralBonus(prepared({ ...weth, aave: eMode } as Position), 0.1)).toBeCloseTo(0.01, 12)
    // A reserve indexed without its bonus: the default, as for wallet balances.
    const unknown = { ...WETH_RESERVE, liquidationBonus: undefined }
    expect(collateralBonus(prepared({ ...weth, aave: unknown } as Position), 0.1)).toBe(0.1)
  })

  it("takes a Morpho market's LIF − 1, and the default for a wallet balance", () => {
    // LLTV 86%: LIF = 1 / (0.3·0.86 + 0.7) = 1 / 0.958.
    const morpho = { ...supply('WETH', 1, { ...c, venue: 'morpho-blue' }), morpho: MORPHO_MARKET } as Position
    expect(collateralBonus(prepared(morpho), 0.1)).toBeCloseTo(1 / 0.958 - 1, 12)
    expect(collateralBonus(prepared(spot('WETH', 1, c)), 0.07)).toBe(0.07)
  })
})
