import { describe, expect, it } from 'vitest'
import { defaultRiskParameters } from './default-risk-parameters.js'
import { InvalidRiskParametersError } from './errors/risk-parameters-errors.js'
import type { RiskParameters } from './risk-parameters.js'
import { defineRiskParameters, validateRiskParameters } from './validate-risk-parameters.js'

const base: RiskParameters = defaultRiskParameters

function paths(parameters: RiskParameters): string[] {
  return validateRiskParameters(parameters).map((issue) => issue.path)
}

describe('validateRiskParameters()', () => {
  it('accepts the default parameters', () => {
    expect(validateRiskParameters(base)).toEqual([])
  })

  it('rejects a non-PSD correlation matrix and names it', () => {
    // ETH~BTC 0.9, BTC~ARB 0.9 but ETH~ARB -0.9: det < 0, not a correlation matrix.
    const parameters: RiskParameters = {
      ...base,
      correlations: [
        ['ETH', 'BTC', 0.9],
        ['BTC', 'ARB', 0.9],
        ['ETH', 'ARB', -0.9],
      ],
    }
    const issues = validateRiskParameters(parameters)
    expect(issues).toHaveLength(1)
    expect(issues[0]?.path.startsWith('correlations.')).toBe(true)
    expect(issues[0]?.message).toMatch(/not positive semi-definite/)
  })

  it('accepts a singular but PSD matrix (perfect correlation)', () => {
    expect(validateRiskParameters({ ...base, correlations: [['ETH', 'BTC', 1]] })).toEqual([])
  })

  it('rejects correlations outside [-1, 1], duplicates and unknown factors', () => {
    expect(paths({ ...base, correlations: [['ETH', 'BTC', 1.2]] })).toEqual(['correlations.ETH/BTC'])
    expect(
      paths({
        ...base,
        correlations: [
          ['ETH', 'BTC', 0.8],
          ['BTC', 'ETH', 0.7],
        ],
      }),
    ).toEqual(['correlations.BTC/ETH'])
    expect(paths({ ...base, correlations: [['ETH', 'SOL', 0.5]] })).toEqual(['correlations.ETH/SOL'])
  })

  it('rejects a haircut outside [0, 1] naming the tier', () => {
    const weth = base.assets.WETH!
    const parameters: RiskParameters = {
      ...base,
      assets: { ...base.assets, WETH: { ...weth, haircuts: [{ upToUsd: null, im: 1.2, mm: 0.05 }] } },
    }
    expect(paths(parameters)).toEqual(['assets.WETH.haircuts[0].im'])
    const negative: RiskParameters = {
      ...base,
      assets: { ...base.assets, WETH: { ...weth, haircuts: [{ upToUsd: null, im: 0.1, mm: -0.01 }] } },
    }
    expect(paths(negative)).toEqual(['assets.WETH.haircuts[0].mm'])
  })

  it('rejects maintenance above initial and unordered tiers', () => {
    const weth = base.assets.WETH!
    const parameters: RiskParameters = {
      ...base,
      assets: {
        ...base.assets,
        WETH: {
          ...weth,
          haircuts: [
            { upToUsd: 100, im: 0.1, mm: 0.2 },
            { upToUsd: 50, im: 0.1, mm: 0.05 },
            { upToUsd: null, im: 0.1, mm: 0.05 },
          ],
        },
      },
    }
    expect(paths(parameters)).toEqual(['assets.WETH.haircuts[0].mm', 'assets.WETH.haircuts[1].upToUsd'])
  })

  it('rejects an asset without a factor or with an unknown one', () => {
    const parameters: RiskParameters = {
      ...base,
      assets: { ...base.assets, PEPE: { factor: '', haircuts: [{ upToUsd: null, im: 0.5, mm: 0.3 }] } },
    }
    expect(paths(parameters)).toEqual(['assets.PEPE.factor'])
    const unknown: RiskParameters = {
      ...base,
      assets: { ...base.assets, PEPE: { factor: 'PEPE', haircuts: [{ upToUsd: null, im: 0.5, mm: 0.3 }] } },
    }
    expect(validateRiskParameters(unknown)[0]?.message).toBe('unknown factor "PEPE"')
  })

  it('rejects a bridged add-on keyed by something other than a chain id', () => {
    const usdc = base.assets.USDC!
    const parameters: RiskParameters = {
      ...base,
      assets: { ...base.assets, USDC: { ...usdc, bridgedAddOn: { 42161: 0.01, ...{ arbitrum: 0.01 } } } },
    }
    expect(paths(parameters)).toEqual(['assets.USDC.bridgedAddOn.arbitrum'])
  })

  it('rejects a reference asset of another factor', () => {
    const eth = base.factors.ETH!
    expect(paths({ ...base, factors: { ...base.factors, ETH: { ...eth, referenceAsset: 'WBTC' } } })).toEqual(
      ['factors.ETH.referenceAsset'],
    )
  })
})

describe('defineRiskParameters()', () => {
  it('throws InvalidRiskParametersError listing every issue', () => {
    const weth = base.assets.WETH!
    const bad: RiskParameters = {
      ...base,
      maintenanceRiskScale: 1.5,
      assets: { ...base.assets, WETH: { ...weth, haircuts: [{ upToUsd: null, im: 1.5, mm: 0 }] } },
    }
    let caught: unknown
    try {
      defineRiskParameters(bad)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(InvalidRiskParametersError)
    const error = caught as InvalidRiskParametersError
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'assets.WETH.haircuts[0].im',
      'maintenanceRiskScale',
    ])
    expect(error.shortMessage).toMatch(/^Invalid risk parameters: assets\.WETH\.haircuts\[0\]\.im/)
    expect(error.details).toContain('maintenanceRiskScale')
  })

  it('returns frozen parameters that do not alias the input', () => {
    const input = structuredClone(base) as RiskParameters
    const defined = defineRiskParameters(input)
    expect(Object.isFrozen(defined.factors.ETH)).toBe(true)
    expect(defined.factors).not.toBe(input.factors)
  })
})
