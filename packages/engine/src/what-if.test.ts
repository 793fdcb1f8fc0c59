import { describe, expect, it } from 'vitest'
import { debt, NOW, PRICES, perp, spot } from './testing/fixtures.js'
import { whatIf } from './what-if.js'

describe('whatIf()', () => {
  it('previews a hedge: adding a short perp lowers IM and reports the deltas', () => {
    // Before: 10 WETH against a 3,000 USDC debt: IM = 300 + 4,500 (ETH −15%) = 4,800. After
    // adding the 10 ETH short: 600 (haircut 300 + perp contingency 300; the debt gains in every
    // USD scenario) → delta −4,200.
    const result = whatIf({
      positions: [spot('WETH', 10), debt('USDC', 3_000, { decimals: 6 })],
      prices: PRICES,
      now: NOW,
      add: [perp('ETH', -10, 3000, { chainId: 42161 })],
    })
    expect(result.before.initialMargin).toBeCloseTo(4_800, 9)
    expect(result.after.initialMargin).toBeCloseTo(600, 9)
    expect(result.delta.initialMargin).toBeCloseTo(-4_200, 9)
  })

  it('removes positions by id', () => {
    const weth = spot('WETH', 10)
    const result = whatIf({
      positions: [weth, spot('USDC', 1000, { decimals: 6 })],
      prices: PRICES,
      now: NOW,
      remove: [weth.id],
    })
    expect(result.after.positions.map((p) => p.asset)).toEqual(['USDC'])
    expect(result.delta.equity).toBeCloseTo(-30_000, 9)
  })
})
