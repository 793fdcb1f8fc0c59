import { describe, expect, it } from 'vitest'
import { createTokenBuckets } from './token-buckets.js'

const clocked = (parameters: { ratePerSecond: number; burst: number; maxKeys?: number }) => {
  const clock = { now: 1_000 }
  const buckets = createTokenBuckets({ maxKeys: 100, ...parameters, now: () => clock.now })
  return { clock, buckets }
}

describe('createTokenBuckets()', () => {
  it('spends the burst, refuses with the seconds until the cost is back, refills with the clock', () => {
    const { clock, buckets } = clocked({ ratePerSecond: 100, burst: 400 })
    expect(buckets.take('a', 300)).toEqual({ ok: true })
    expect(buckets.take('a', 250)).toEqual({ ok: false, retryAfterSeconds: 2 }) // 150 missing at 100/s
    expect(buckets.take('b', 400)).toEqual({ ok: true }) // another key has its own bucket
    clock.now += 1.4
    expect(buckets.take('a', 250)).toEqual({ ok: false, retryAfterSeconds: 1 })
    clock.now += 0.1
    expect(buckets.take('a', 250)).toEqual({ ok: true })
    clock.now += 3_600
    expect(buckets.take('a', 401)).toEqual({ ok: true }) // above the burst: charged the burst
    expect(buckets.take('a', 1)).toEqual({ ok: false, retryAfterSeconds: 1 })
  })

  it('refills nothing when the clock goes backwards', () => {
    const { clock, buckets } = clocked({ ratePerSecond: 10, burst: 10 })
    expect(buckets.take('a', 10)).toEqual({ ok: true })
    clock.now -= 60
    expect(buckets.take('a', 1)).toEqual({ ok: false, retryAfterSeconds: 1 })
  })

  it('keeps memory bounded: full idle buckets are dropped, at most maxKeys are kept', () => {
    const { clock, buckets } = clocked({ ratePerSecond: 1, burst: 5, maxKeys: 3 })
    for (const key of ['a', 'b', 'c', 'd', 'e']) buckets.take(key, 5)
    expect(buckets.size()).toBe(3) // least recently used out
    // 'c' was kept empty: it has not been forgotten.
    expect(buckets.take('c', 1)).toEqual({ ok: false, retryAfterSeconds: 1 })
    clock.now += 10 // every bucket full again: idle ones go as new clients come
    buckets.take('x', 1)
    buckets.take('y', 1)
    expect(buckets.size()).toBeLessThanOrEqual(2)
  })
})
