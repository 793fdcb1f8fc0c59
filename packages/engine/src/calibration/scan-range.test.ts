import { describe, expect, it } from 'vitest'
import { scanRange } from './scan-range.js'

describe('scanRange()', () => {
  it('is z_99% · σ · √MPOR, with z_99% = 2.326348 (normal table)', () => {
    expect(scanRange({ periodVolatility: 0.02, confidence: 0.99, marginPeriod: 2 })).toBeCloseTo(
      2.326348 * 0.02 * Math.SQRT2,
      6,
    )
    // 97.5% one-tailed: z = 1.959964.
    expect(scanRange({ periodVolatility: 0.01, confidence: 0.975, marginPeriod: 1 })).toBeCloseTo(
      0.01959964,
      7,
    )
  })

  it('caps the scan at 1 (a fall below a zero price is not a scenario)', () => {
    expect(scanRange({ periodVolatility: 0.5, confidence: 0.99, marginPeriod: 5 })).toBe(1)
  })
})
