import { defaultRiskParameters } from '@xmargin/core'
import {
  type Calibration,
  calibrateChain,
  defaultCalibrationSettings,
  priceHistoryFromRounds,
} from '@xmargin/engine'
import type { Store } from '@xmargin/store'
import { describe, expect, it } from 'vitest'
import type { FactorRounds } from './load-price-history.js'
import { chainAnchor, publishedCalibration } from './published-calibration.js'

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

describe('publishedCalibration()', () => {
  const feed = '0x00000000000000000000000000000000000000f1' as const
  const t0 = 1_800_000_000 // 08:00 UTC
  // 60 daily ETH rounds, the last at t0.
  const all = Array.from({ length: 60 }, (_, k) => ({
    chainId: 1,
    feed,
    roundId: BigInt(k + 1),
    answer: BigInt(Math.round(3000 * (1 + 0.02 * Math.sin(k)) * 1e8)),
    decimals: 8,
    updatedAt: t0 - (59 - k) * DAY,
    blockNumber: 1,
  }))
  const storeOf = (rounds: typeof all) =>
    ({
      getFeedRounds: async ({ toTime }: { toTime?: number }) =>
        rounds.filter((r) => toTime === undefined || r.updatedAt <= toTime),
    }) as unknown as Store
  const input = (rounds: typeof all) => ({
    store: storeOf(rounds),
    feeds: [{ factor: 'ETH', chainId: 1, feed, newest: { roundId: rounds.at(-1)!.roundId, updatedAt: t0 } }],
    heads: { heads: [], pins: [{ chainId: 1, blockNumber: 1, blockHash: '0x01' }] },
    base: defaultRiskParameters,
    window: 30,
    settings: defaultCalibrationSettings,
  })

  it('caps the newest window against the last published midnight of the chain, and reuses that chain while its rounds are the same', async () => {
    const memo = new Map<string, Calibration>()
    const tips = new Map<string, Calibration>()
    const first = await publishedCalibration({ ...input(all), memo, tips })
    // The chain by hand: midnights from the first after the oldest round to the last before t0.
    const midnights = priceHistoryFromRounds({
      rounds: { ETH: all },
      from: Math.ceil(all[0]!.updatedAt / DAY) * DAY,
      to: Math.floor(t0 / DAY) * DAY,
      periodSeconds: DAY,
    })
    const chain = calibrateChain({ history: midnights, window: 30, base: defaultRiskParameters })
    expect(first.inputs.previousId).toBe(chain.at(-1)!.id)
    expect(first.window).toEqual({ from: t0 - 29 * DAY, to: t0, observations: 30 })
    expect(memo.size).toBe(chain.length)
    // The same rounds: the chain's tip is reused, nothing is calibrated again.
    memo.clear()
    expect((await publishedCalibration({ ...input(all), memo, tips })).id).toBe(first.id)
    expect(memo.size).toBe(0)
    // A round before the last midnight gone (a rollback): the chain is calibrated again.
    const fewer = all.filter((r) => r.roundId !== 50n)
    const other = await publishedCalibration({ ...input(fewer), memo, tips })
    expect(memo.size).toBeGreaterThan(0)
    expect(other.inputs.previousId).not.toBe(first.inputs.previousId)
  })
})
