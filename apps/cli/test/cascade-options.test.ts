import { describe, expect, it } from 'vitest'
import { parseImpact } from '../src/commands/cascade.js'

describe('parseImpact()', () => {
  it('reads ASSET=<usd of 2% depth>[,fee=<pips>], repeatable', () => {
    expect(parseImpact('WETH=20000000', [])).toEqual([{ asset: 'WETH', twoPercentDepthUsd: '20000000' }])
    expect(parseImpact('WBTC=1500000.5,fee=500', [{ asset: 'WETH', twoPercentDepthUsd: '1' }])).toEqual([
      { asset: 'WETH', twoPercentDepthUsd: '1' },
      { asset: 'WBTC', twoPercentDepthUsd: '1500000.5', feePips: 500 },
    ])
  })

  it('refuses what is not an amount of USD, with the expected form', () => {
    for (const bad of ['WETH', 'WETH=-5', 'WETH=5%', 'WETH=5,fee=0.3'])
      expect(() => parseImpact(bad, [])).toThrow(/is not ASSET=<usd of 2% depth>\[,fee=<pips>\]/)
  })
})
