import type { RiskParameters } from '@xmargin/core'
import {
  type Calibration,
  type CalibrationMemo,
  type CalibrationSettings,
  calibrateChain,
  calibrateRiskParameters,
} from '@xmargin/engine'
import type { Store } from '@xmargin/store'
import { ApiError } from '../errors.js'
import { type FactorRounds, loadFeedRounds, type ReferenceFeed, sampleHistory } from './load-price-history.js'
import type { HeadsSnapshot } from './request-loaders.js'

/** Parameters of {@link publishedCalibration}. */
export type PublishedCalibrationParameters = {
  store: Store
  feeds: readonly ReferenceFeed[]
  heads: HeadsSnapshot
  /** The config's risk parameters (the base of every calibration). */
  base: RiskParameters
  /** Observations per calibration (`margin.window`). */
  window: number
  settings: CalibrationSettings
  /** Published period closes already calibrated (`calibrateChain`'s memo). */
  memo: CalibrationMemo
  /**
   * The chain's last published close by a fingerprint of the rounds it was calibrated on, so a
   * request whose rounds up to that close are the ones calibrated before skips the chain (whose
   * memo still hashes every window: ~0.1 s for 367 closes of 365 days).
   */
  tips: CalibrationMemo
}

/**
 * A fingerprint of the rounds at or before `until` of every factor: per factor the count, the
 * newest round id, and the sums of the times and answers. Equal fingerprints mean equal rounds
 * (stored rounds are only ever added, or removed by a rollback, which changes the count or sums).
 */
function roundsFingerprint(rounds: FactorRounds, until: number): string {
  return Object.keys(rounds)
    .sort()
    .map((factor) => {
      let count = 0
      let times = 0
      let answers = 0n
      let newest = -1n
      for (const r of rounds[factor]!) {
        if (r.updatedAt > until) continue
        count++
        times += r.updatedAt
        answers += r.answer
        if (r.roundId > newest) newest = r.roundId
      }
      return `${factor}:${count}:${newest}:${times}:${answers}`
    })
    .join('|')
}

/**
 * The first period close (a multiple of `periodSeconds`) from which every factor's rounds are
 * unbroken: after its oldest stored round and after its last gap longer than `maxAgeSeconds`
 * (a stopped feed is no price, so the chain of published sets starts again after it).
 *
 * @example
 * chainAnchor({ ETH: rounds }, 86_400, 172_800) // the first midnight (UTC) at or after ETH's oldest round
 */
export function chainAnchor(rounds: FactorRounds, periodSeconds: number, maxAgeSeconds: number): number {
  let start = Number.NEGATIVE_INFINITY
  for (const series of Object.values(rounds)) {
    const times = series.map((r) => r.updatedAt).sort((a, b) => a - b)
    let unbroken = times[0] ?? Number.POSITIVE_INFINITY
    for (let i = 1; i < times.length; i++) if (times[i]! - times[i - 1]! > maxAgeSeconds) unbroken = times[i]!
    start = Math.max(start, unbroken)
  }
  return Math.ceil(start / periodSeconds) * periodSeconds
}

/**
 * The dynamic parameter set as of the newest round `to` of the reference feeds: the calibration of
 * the `window` observations ending at `to` (one period apart), fall-capped against the *published*
 * set of the last period close before `to`. The published closes form one chain
 * (`calibrateChain`): daily closes (multiples of `periodSeconds`, 00:00 UTC for daily periods)
 * from {@link chainAnchor}, the first full window uncapped and each later close capped against the
 * one before. So from one period to the next no published parameter falls faster than `maxFall`,
 * and a set intraday is never below the last close's set × (1 − maxFall); all of it follows from
 * the stored rounds as of the pinned blocks alone. While the stored history holds no full window of
 * closes before `to`, the set is uncapped (the chain's anchor). A window the rounds do not cover is
 * `INSUFFICIENT_HISTORY`.
 *
 * @example
 * const calibration = await publishedCalibration({ store, feeds, heads, base, window: 365, settings, memo: new Map(), tips: new Map() })
 * calibration.inputs.previousId // the published set of the last close before the newest round
 */
export async function publishedCalibration(parameters: PublishedCalibrationParameters): Promise<Calibration> {
  const { store, feeds, heads, base, window, settings, memo, tips } = parameters
  if (feeds.length === 0)
    throw new ApiError('INSUFFICIENT_HISTORY', 'No indexed feed prices a factor of the risk parameters.')
  const period = settings.periodSeconds
  const to = Math.max(...feeds.map((f) => f.newest.updatedAt))
  const rounds = await loadFeedRounds({ store, feeds, heads, toTime: to })
  const current = sampleHistory({ rounds, from: to - (window - 1) * period, to, periodSeconds: period })
  const anchor = chainAnchor(rounds, period, 2 * period)
  const lastClose = Math.ceil(to / period) * period - period
  let previous: Calibration | undefined
  if (lastClose - anchor >= (window - 1) * period) {
    const key = `${window}:${anchor}:${lastClose}:${roundsFingerprint(rounds, lastClose)}`
    previous = tips.get(key)
    if (!previous) {
      previous = calibrateChain({
        history: sampleHistory({ rounds, from: anchor, to: lastClose, periodSeconds: period }),
        window,
        base,
        settings,
        memo,
      }).at(-1)!
      tips.set(key, previous)
    }
  }
  return calibrateRiskParameters({ history: current, base, settings, previous, now: to })
}
