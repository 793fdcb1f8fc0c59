import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { borrowersBook, ethCurve } from '../testing/cascade-fixtures.js'
import { morphoLiquidationIncentiveFactor } from '../venues/morpho-blue-liquidation.js'
import { simulateCascade } from './cascade.js'

/** A lone borrower of USDC against `weth` WETH whose loan-to-value after the ETH shock is `ltv`. */
function firstLiquidation(venue: 'aave-v3' | 'morpho-blue', weth: number, ltv: number, shock: number) {
  const usdc = Math.round(weth * 3000 * shock * ltv * 100) / 100
  const book = borrowersBook([{ weth, usdc, venue }])
  const result = simulateCascade({
    book,
    shock: { ETH: shock },
    impact: { ETH: ethCurve(1e6) },
    maxRounds: 1,
  })
  return { liquidation: result.rounds[0]!.liquidations[0], ltv: usdc / (weth * 3000 * shock) }
}

const away = (x: number, bound: number) => Math.abs(x - bound) > 1e-6

describe('simulateCascade() toxic flag', () => {
  it('Aave v3: flips at LTV = 1/(1 + bonus) (Warmuz, Chaudhary & Pinna), 5% bonus here', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 100, noNaN: true }),
        fc.double({ min: 0.83, max: 1.2, noNaN: true }),
        fc.double({ min: 0.5, max: 1, noNaN: true }),
        (weth, target, shock) => {
          const { liquidation, ltv } = firstLiquidation(
            'aave-v3',
            Math.round(weth * 1e4) / 1e4,
            target,
            shock,
          )
          fc.pre(liquidation !== undefined && away(ltv, 1 / 1.05))
          expect(liquidation!.toxic).toBe(ltv > 1 / 1.05)
        },
      ),
      { numRuns: 100 },
    )
  })

  it('Morpho Blue: flags exactly the liquidations that leave bad debt (collateral < debt·LIF)', () => {
    const lif = morphoLiquidationIncentiveFactor(0.86)
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 100, noNaN: true }),
        fc.double({ min: 0.87, max: 1.2, noNaN: true }),
        fc.double({ min: 0.5, max: 1, noNaN: true }),
        (weth, target, shock) => {
          const { liquidation, ltv } = firstLiquidation(
            'morpho-blue',
            Math.round(weth * 1e4) / 1e4,
            target,
            shock,
          )
          fc.pre(liquidation !== undefined && away(ltv, 1 / lif))
          expect(liquidation!.toxic).toBe(ltv > 1 / lif)
          expect(liquidation!.badDebt > 0).toBe(liquidation!.toxic)
        },
      ),
      { numRuns: 100 },
    )
  })
})
