import { describe, expect, it } from 'vitest'
import { UnknownScenarioError } from './errors.js'
import { stressTest } from './stress-test.js'
import { debt, NOW, option, PRICES, perp, spot, VOLATILITIES } from './testing/fixtures.js'

describe('stressTest()', () => {
  it('applies a custom factor shock to every asset of the factor', () => {
    // 10 WETH at 3,000 −20% → 2,400 against a 3,000 USDC debt: equity 27,000 → 21,000; haircut
    // 1% → 240; K: ETH −15% on 24,000 → 3,600 (the depeg in the crash helps the debt).
    const result = stressTest({
      positions: [spot('WETH', 10), debt('USDC', 3_000, { decimals: 6 })],
      prices: PRICES,
      now: NOW,
      scenario: { name: 'eth -20%', shocks: { ETH: { spot: -0.2 } } },
    })
    expect(result.after.equity).toBeCloseTo(21_000, 9)
    expect(result.delta.equity).toBeCloseTo(-6_000, 9)
    expect(result.after.initialMargin).toBeCloseTo(240 + 3_600, 9)
  })

  it('runs named scenarios; a hedged book loses nothing in a crash', () => {
    const result = stressTest({
      positions: [spot('WETH', 10), perp('ETH', -10, 3000, { chainId: 42161 })],
      prices: PRICES,
      now: NOW,
      scenario: 'crypto-crash',
    })
    expect(result.delta.equity).toBeCloseTo(0, 9)
    expect(result.after.positions[0]?.price).toBeCloseTo(3000 * 0.65, 9)
  })

  it('moves implied vols with a vol shock (long option gains)', () => {
    const result = stressTest({
      positions: [option('ETH', 1, 'call', 3000, 30)],
      prices: PRICES,
      volatilities: VOLATILITIES,
      now: NOW,
      scenario: 'vol-spike',
    })
    expect(result.delta.equity).toBeGreaterThan(0)
  })

  it('rejects an unknown scenario name', () => {
    expect(() =>
      stressTest({ positions: [], prices: PRICES, now: NOW, scenario: 'moon' as unknown as 'vol-spike' }),
    ).toThrow(UnknownScenarioError)
  })
})
