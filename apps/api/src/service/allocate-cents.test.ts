import { parseUnits } from '@xmargin/core'
import { describe, expect, it } from 'vitest'
import { allocateCents } from './allocate-cents.js'

const cents = (value: string) => parseUnits({ value, decimals: 2 })
const sumCents = (values: readonly string[]) => values.reduce((sum, v) => sum + cents(v), 0n)

/** A small deterministic PRNG (mulberry32), so a failing case can be replayed. */
function prng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('allocateCents()', () => {
  it('gives the missing cent to the largest remainder so three thirds add up to the total', () => {
    const third = 3010.75 / 3
    const { total, parts } = allocateCents({ parts: [third, third, third], total: 3010.75 })
    expect(total).toBe('3010.75')
    // 1003.58333…: each floors to 1003.58 (3010.74), the one cent missing goes to the first (ties by order).
    expect(parts).toEqual(['1003.59', '1003.58', '1003.58'])
  })

  it('adds up where naive rounding is a cent off (3,010.76 vs 3,010.75)', () => {
    const exact = [1000.005, 1000.005, 1010.74]
    const total = exact.reduce((a, b) => a + b, 0)
    const naive = exact.map((x) => Math.round(x * 100)).reduce((a, b) => a + b, 0)
    expect(naive).toBe(301076) // what per-position rounding showed
    const { total: shown, parts } = allocateCents({ parts: exact, total })
    expect(shown).toBe('3010.75')
    expect(sumCents(parts)).toBe(cents(shown))
  })

  it('floors negative parts (hedges) toward minus infinity before distributing', () => {
    const { total, parts } = allocateCents({ parts: [-4193.335, 7204.185], total: 3010.85 })
    expect(total).toBe('3010.85')
    expect(parts).toEqual(['-4193.33', '7204.18'])
  })

  it('on 2,000 random books the parts always sum exactly to the total and stay within a cent of their value', () => {
    const random = prng(20261202)
    for (let run = 0; run < 2000; run++) {
      const n = 1 + Math.floor(random() * 12)
      const parts = Array.from({ length: n }, () => (random() - 0.3) * 10 ** Math.floor(random() * 7))
      const total = parts.reduce((a, b) => a + b, 0)
      const shown = allocateCents({ parts, total })
      expect(sumCents(shown.parts), `run ${run}`).toBe(cents(shown.total))
      shown.parts.forEach((p, i) => {
        expect(Math.abs(Number(p) - parts[i]!), `run ${run} part ${i}`).toBeLessThan(0.0100001)
      })
    }
  })

  it('returns no parts for an empty book and still formats the total', () => {
    expect(allocateCents({ parts: [], total: 0 })).toEqual({ total: '0.00', parts: [] })
  })
})
