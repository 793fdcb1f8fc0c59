import { defaultRiskParameters } from '@xmargin/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { jointDesign } from './joint-scenarios.js'
import { createOptionPricer, optionValueAt, writeOptionScenarioPnl } from './option-scenarios.js'
import { prepareInputs } from './prepare-inputs.js'
import { optionScenarioPnl } from './scenario-risk.js'
import { NOW, option, PRICES, VOLATILITIES } from './testing/fixtures.js'

const options = fc.record({
  size: fc.double({ min: -20, max: 20, noNaN: true }),
  right: fc.constantFrom<'call' | 'put'>('call', 'put'),
  moneyness: fc.double({ min: 0.3, max: 3, noNaN: true }),
  // Expired, expiring within the hour, and up to two years.
  days: fc.oneof(
    fc.constant(0),
    fc.double({ min: -5, max: 0.04, noNaN: true }),
    fc.double({ min: 0.04, max: 730 }),
  ),
  vol: fc.oneof(fc.constant(-1), fc.double({ min: -0.9, max: 3, noNaN: true })),
  move: fc.double({ min: 0.05, max: 20, noNaN: true }),
})

describe('writeOptionScenarioPnl()', () => {
  it('writes the same PnL as optionScenarioPnl in every scenario, on the book and after a move', () => {
    fc.assert(
      fc.property(options, ({ size, right, moneyness, days, vol, move }) => {
        const book = prepareInputs({
          positions: [option('ETH', size, right, Math.round(3000 * moneyness), days, { chainId: 1 })],
          prices: PRICES,
          volatilities: VOLATILITIES,
          params: defaultRiskParameters,
          now: NOW,
          shocks: { ETH: { vol } },
        }).book
        const p = book.positions[0]!
        const factor = book.factorParameters[p.factor]!
        const design = jointDesign(book.params)
        const set = design.sets[design.factors.indexOf(book.factors[p.factor]!)]!
        const pricer = createOptionPricer(p.option!, p.quantity, factor, book.rate)
        const row: number[] = new Array(set.moves.length).fill(Number.NaN)
        for (const price of [p.price, p.price * move]) {
          const value = price === p.price ? p.value : optionValueAt(pricer, price)
          writeOptionScenarioPnl(pricer, set, price, value, row, 0)
          const at = { ...p, price, value }
          set.moves.forEach((m, s) => {
            expect(Object.is(row[s], optionScenarioPnl(at, factor, m, set.vols[s]!, book.rate))).toBe(true)
          })
        }
      }),
      { numRuns: 2000 },
    )
  })
})
