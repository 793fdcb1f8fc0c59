import { defaultCalibrationSettings } from '@xmargin/engine'
import { describe, expect, it } from 'vitest'
import { ConfigError, validateConfig } from '../src/index.js'

const chains = { ethereum: { chainId: 1, rpcUrls: ['https://eth.example'], tokens: [] } }
const load = (margin: unknown) => validateConfig({ config: { chains, margin }, file: 'x.config.ts', env: {} })
const issuesOf = (margin: unknown) => {
  try {
    load(margin)
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => `${i.path}: ${i.message}`)
    throw error
  }
  return []
}

describe('config margin', () => {
  it('defaults to the static model', () => {
    expect(validateConfig({ config: { chains }, file: 'x.config.ts', env: {} }).margin).toEqual({
      model: 'static',
    })
    expect(load({ model: 'static' }).margin).toEqual({ model: 'static' })
  })

  it('dynamic applies the defaults and the calibration overrides over the engine defaults', () => {
    expect(load({ model: 'dynamic' }).margin).toEqual({
      model: 'dynamic',
      window: 365,
      maxHistoryAgeSeconds: 172_800,
      calibration: defaultCalibrationSettings,
    })
    const margin = load({
      model: 'dynamic',
      window: 90,
      calibration: { lambda: 0.97, confidence: 0.995 },
    }).margin
    expect(margin).toMatchObject({ model: 'dynamic', window: 90 })
    expect(margin.model === 'dynamic' && [margin.calibration.lambda, margin.calibration.confidence]).toEqual([
      0.97, 0.995,
    ])
  })

  it('an unknown model, key or calibration setting is an issue naming it; no silent static', () => {
    expect(issuesOf({ model: 'adaptive' })).toEqual([
      'margin.model: unknown model "adaptive" (expected one of static, dynamic)',
    ])
    expect(issuesOf({ model: 'dynamic', windw: 90, calibration: { lamda: 0.9 } })).toEqual([
      'margin.windw: unknown key (expected one of model, window, maxHistoryAgeSeconds, calibration)',
      'margin.calibration.lamda: unknown setting (expected one of lambda, confidence, marginPeriod, periodSeconds, periodsPerYear, stressedWeight, staticFloor, maxFall, minScan, minVolatility, impliedVolatility)',
    ])
  })

  it('out-of-range dynamic settings are issues; dynamic settings on the static model are refused', () => {
    expect(issuesOf({ model: 'dynamic', window: 2, maxHistoryAgeSeconds: 0 })).toEqual([
      'margin.window: must be an integer number of observations in [3, 3650], got 2',
      'margin.maxHistoryAgeSeconds: must be a positive integer, got 0',
    ])
    expect(issuesOf({ model: 'dynamic', calibration: { stressedWeight: 0.1 } })).toEqual([
      'margin.calibration: Invalid calibration setting "stressedWeight": must be in [0.25, 1] (EMIR RTS 153/2013 art. 28(1)(b)), got 0.1.',
    ])
    expect(issuesOf({ model: 'dynamic', calibration: { impliedVolatility: { DOGE: 0.8 } } })).toEqual([
      'margin.calibration: Invalid calibration setting "impliedVolatility.DOGE": unknown factor.',
    ])
    expect(issuesOf({ window: 90 })).toEqual(["margin.window: applies only to model: 'dynamic'"])
  })
})
