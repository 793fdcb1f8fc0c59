import { describe, expect, it } from 'vitest'
import { defaultRiskParameters } from './default-risk-parameters.js'
import { validateRiskParameters } from './validate-risk-parameters.js'

const addOn = (asset: string, chainId: number) =>
  defaultRiskParameters.assets[asset]?.bridgedAddOn?.[chainId] ?? 0

describe('defaultRiskParameters', () => {
  it('charges the bridged add-on per (asset, chain) by one rule: bridged tokens only', () => {
    // USDC.e and WBTC are bridged representations on every L2.
    for (const chainId of [10, 137, 8453, 42161]) {
      expect(addOn('USDC.e', chainId)).toBe(0.01)
      expect(addOn('WBTC', chainId)).toBe(0.01)
    }
    // ETH and WETH on the rollups are the native asset and its 1:1 wrap: no add-on.
    for (const chainId of [1, 10, 8453, 42161]) {
      expect(addOn('WETH', chainId)).toBe(0)
      expect(addOn('ETH', chainId)).toBe(0)
    }
    // WETH on Polygon PoS is a PoS-bridge token; native USDC is never bridged.
    expect(addOn('WETH', 137)).toBe(0.01)
    for (const chainId of [1, 10, 137, 8453, 42161]) expect(addOn('USDC', chainId)).toBe(0)
  })

  it('haircuts charge liquidation cost only: below the scan move they used to include', () => {
    const first = (asset: string) => defaultRiskParameters.assets[asset]!.haircuts[0]!
    expect(first('WETH')).toMatchObject({ im: 0.01, mm: 0.005 })
    expect(first('USDC')).toMatchObject({ im: 0.002, mm: 0.001 })
    for (const [asset, risk] of Object.entries(defaultRiskParameters.assets)) {
      const scan = defaultRiskParameters.factors[risk.factor]!.scan
      expect(risk.haircuts[0]!.im, asset).toBeLessThan(scan)
    }
  })

  it('marks the USD factor stable (downside-only depeg scenarios) and no other', () => {
    const stable = Object.entries(defaultRiskParameters.factors)
      .filter(([, f]) => f.stable)
      .map(([id]) => id)
    expect(stable).toEqual(['USD'])
  })

  it('rejects a `stable` flag that is not a boolean', () => {
    const usd = { ...defaultRiskParameters.factors.USD!, stable: 'yes' as unknown as boolean }
    const issues = validateRiskParameters({
      ...defaultRiskParameters,
      factors: { ...defaultRiskParameters.factors, USD: usd },
    })
    expect(issues.map((issue) => issue.path)).toEqual(['factors.USD.stable'])
  })
})
