import { describe, expect, it } from 'vitest'
import { redrawDelay } from './redraw-delay.js'

describe('redrawDelay()', () => {
  const base = { drawnAt: 1_000, drawnStatus: 'HEALTHY', status: 'HEALTHY', intervalMs: 10_000 }
  it('waits out the interval while the status stays the same', () => {
    expect(redrawDelay({ ...base, now: 4_000 })).toBe(7_000)
    expect(redrawDelay({ ...base, now: 11_000 })).toBe(0)
    expect(redrawDelay({ ...base, now: 50_000 })).toBe(0)
  })
  it('redraws at once when the status changes or nothing was drawn yet', () => {
    expect(redrawDelay({ ...base, status: 'LIQUIDATABLE', now: 1_001 })).toBe(0)
    expect(redrawDelay({ ...base, drawnAt: 0, drawnStatus: undefined, now: 5 })).toBe(0)
  })
})
