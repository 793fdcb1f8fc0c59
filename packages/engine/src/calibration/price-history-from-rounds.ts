import { type FactorId, toNumber } from '@xmargin/core'
import { InvalidPriceHistoryError } from './errors.js'
import type { PriceHistory } from './price-history.js'

/** One feed round as the store keeps it (`getFeedRounds`): a raw answer with its decimals. */
export type PriceRound = { updatedAt: number; answer: bigint; decimals: number }

/** Parameters of {@link priceHistoryFromRounds}. */
export type PriceHistoryFromRoundsParameters = {
  /** Rounds per factor (its reference feed), in any order. */
  rounds: Readonly<Record<FactorId, readonly PriceRound[]>>
  /** First grid time (unix seconds). */
  from: number
  /** Last grid time at most (unix seconds). */
  to: number
  /** Grid spacing (86,400: daily closes). */
  periodSeconds: number
  /** A close older than this is refused (default two periods: a feed that stopped is not a price). */
  maxAgeSeconds?: number | undefined
}

/**
 * Samples feed rounds on a regular grid, the input of `calibrateRiskParameters`: the price of a
 * factor at grid time t is the answer of its last round with `updatedAt ≤ t` (the close, as a
 * Chainlink consumer would have read it at t). Throws {@link InvalidPriceHistoryError} when a factor
 * has no round at or before a grid time, or when that round is older than `maxAgeSeconds` (a feed
 * that stopped updating is refused rather than carried forward).
 *
 * @example
 * priceHistoryFromRounds({
 *   rounds: { ETH: [{ updatedAt: 0, answer: 2000_00000000n, decimals: 8 }, { updatedAt: 90_000, answer: 2100_00000000n, decimals: 8 }] },
 *   from: 86_400, to: 172_800, periodSeconds: 86_400,
 * })
 * // { times: [86_400, 172_800], prices: { ETH: [2000, 2100] } }
 */
export function priceHistoryFromRounds(parameters: PriceHistoryFromRoundsParameters): PriceHistory {
  const { from, to, periodSeconds } = parameters
  const maxAge = parameters.maxAgeSeconds ?? 2 * periodSeconds
  if (!(periodSeconds > 0) || !(to >= from)) {
    throw new InvalidPriceHistoryError(`empty grid from ${from} to ${to} every ${periodSeconds} s`)
  }
  const times: number[] = []
  for (let t = from; t <= to; t += periodSeconds) times.push(t)
  const prices: Record<FactorId, number[]> = {}
  for (const factor of Object.keys(parameters.rounds).sort()) {
    const sorted = [...parameters.rounds[factor]!].sort((a, b) => a.updatedAt - b.updatedAt)
    const series: number[] = []
    let next = 0
    let last: PriceRound | undefined
    for (const t of times) {
      while (next < sorted.length && sorted[next]!.updatedAt <= t) last = sorted[next++]
      if (!last) throw new InvalidPriceHistoryError(`factor ${factor} has no round at or before ${t}`)
      if (t - last.updatedAt > maxAge) {
        throw new InvalidPriceHistoryError(`factor ${factor} has no round in the ${maxAge} s before ${t}`, {
          details: `Its last round before then was at ${last.updatedAt}.`,
        })
      }
      series.push(toNumber({ value: last.answer, decimals: last.decimals }))
    }
    prices[factor] = series
  }
  return { times, prices }
}
