import { defaultRiskParameters } from '@xmargin/core'
import { describe, expect, it } from 'vitest'
import { defaultPriceImpact, resolvePriceImpact } from './price-impact.js'
import { validateConfig } from './validate-config.js'

describe('resolvePriceImpact()', () => {
  it('gives every default factor one curve, named by its asset', () => {
    const result = resolvePriceImpact(undefined, defaultRiskParameters)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(Object.keys(result.priceImpact).sort()).toEqual(Object.keys(defaultRiskParameters.factors).sort())
    expect(result.priceImpact.ETH).toEqual({
      asset: 'WETH',
      factor: 'ETH',
      twoPercentDepthUsd: defaultPriceImpact.WETH!.twoPercentDepthUsd,
      feePips: 3000,
    })
  })

  it("lets an override replace its factor's default market (stETH instead of WETH)", () => {
    const result = resolvePriceImpact({ stETH: { twoPercentDepthUsd: 1_000_000 } }, defaultRiskParameters)
    expect(result.ok && result.priceImpact.ETH).toEqual({
      asset: 'stETH',
      factor: 'ETH',
      twoPercentDepthUsd: 1_000_000,
      feePips: 3000,
    })
  })

  it('refuses unknown assets naming the valid ones, bad depths and fees, and two curves for one factor', () => {
    const result = resolvePriceImpact(
      {
        PEPE: { twoPercentDepthUsd: 1 },
        WBTC: { twoPercentDepthUsd: -5 },
        ARB: { twoPercentDepthUsd: 10, feePips: 1_000_000 },
        stETH: { twoPercentDepthUsd: 1 },
        WETH: { twoPercentDepthUsd: 1 },
      },
      defaultRiskParameters,
    )
    expect(result.ok).toBe(false)
    if (result.ok) return
    const paths = result.issues.map((i) => i.path)
    expect(paths).toContain('priceImpact.PEPE')
    expect(result.issues.find((i) => i.path === 'priceImpact.PEPE')!.message).toContain('WETH')
    expect(paths).toContain('priceImpact.WBTC.twoPercentDepthUsd')
    expect(paths).toContain('priceImpact.ARB.feePips')
    expect(result.issues.some((i) => /one market per factor/.test(i.message))).toBe(true)
  })
})

describe('validateConfig() priceImpact', () => {
  const chains = { ethereum: { chainId: 1, rpcUrls: ['https://rpc.example'], tokens: [] } }
  it('resolves the curves over the defaults, and names a bad key in the file', () => {
    const config = validateConfig({
      config: { chains, priceImpact: { WETH: { twoPercentDepthUsd: 20_000_000 } } },
      file: 'x.config.ts',
      env: {},
    })
    expect(config.priceImpact.ETH?.twoPercentDepthUsd).toBe(20_000_000)
    expect(config.priceImpact.BTC?.asset).toBe('WBTC')
    expect(() =>
      validateConfig({
        config: { chains, priceImpact: { PEPE: { twoPercentDepthUsd: 1 } } },
        file: 'x.config.ts',
        env: {},
      }),
    ).toThrow(/x\.config\.ts: priceImpact\.PEPE: unknown asset/)
  })
})
