import { describe, expect, it } from 'vitest'
import type { FactorRounds } from './load-price-history.js'
import { chainAnchor } from './published-calibration.js'

const DAY = 86_400
const rounds = (times: readonly number[]): FactorRounds[string] =>
  times.map((updatedAt, i) => ({
    chainId: 1,
    feed: '0x0000000000000000000000000000000000000001' as const,
    roundId: BigInt(i + 1),
    answer: 1n,
    decimals: 8,
    updatedAt,
    blockNumber: 1,
  }))

describe('chainAnchor()', () => {
  it('is the first midnight from which every factor has an unbroken history', () => {
    const t = 1_800_000_000 // 08:00 UTC
    const daily = (from: number, n: number) => Array.from({ length: n }, (_, k) => from + k * DAY)
    // The later oldest round of the two factors sets it.
    expect(chainAnchor({ ETH: rounds(daily(t, 10)), BTC: rounds(daily(t + 3 * DAY, 7)) }, DAY, 2 * DAY)).toBe(
      Math.ceil((t + 3 * DAY) / DAY) * DAY,
    )
    // A feed silent for more than two days: the chain starts again after its gap.
    const gap = [...daily(t, 5), ...daily(t + 8 * DAY, 5)]
    expect(chainAnchor({ ETH: rounds(gap) }, DAY, 2 * DAY)).toBe(Math.ceil((t + 8 * DAY) / DAY) * DAY)
    // Two days apart is no gap.
    expect(chainAnchor({ ETH: rounds(daily(t, 10).filter((_, k) => k !== 4)) }, DAY, 2 * DAY)).toBe(
      Math.ceil(t / DAY) * DAY,
    )
    // A round exactly at midnight is that midnight's close.
    expect(chainAnchor({ ETH: rounds(daily(t - 8 * 3600, 3)) }, DAY, 2 * DAY)).toBe(t - 8 * 3600)
  })
})
