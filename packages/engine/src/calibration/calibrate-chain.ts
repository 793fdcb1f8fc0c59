import type { RiskParameters } from '@xmargin/core'
import { calibrateRiskParameters } from './calibrate-risk-parameters.js'
import type { Calibration } from './calibration.js'
import type { CalibrationSettings } from './calibration-settings.js'
import { contentHash } from './content-hash.js'
import { InvalidPriceHistoryError } from './errors.js'
import { historyHash, type PriceHistory } from './price-history.js'

/**
 * A cache of published calibrations, keyed by everything a chain node depends on (the base
 * parameters and settings, the window's prices, the previous node's id). A `Map` is one; the
 * chain's result does not depend on whether a memo is passed or what it holds.
 */
export type CalibrationMemo = {
  get(key: string): Calibration | undefined
  set(key: string, value: Calibration): void
}

/** Parameters of {@link calibrateChain}. */
export type CalibrateChainParameters = {
  /** Prices on a regular grid from the chain's anchor (its first window) to its last period. */
  history: PriceHistory
  /** Observations per calibration (the look-back), at least 3 and at most the history's length. */
  window: number
  /** Static parameters, as for `calibrateRiskParameters`. */
  base: RiskParameters
  settings?: Partial<CalibrationSettings> | undefined
  /** Published calibrations already computed, so a chain that grew by one period costs one calibration. */
  memo?: CalibrationMemo | undefined
}

/**
 * Return type of {@link calibrateChain}: the published calibration of every period from the first
 * full window on, oldest first (`history.times.length − window + 1` of them).
 */
export type CalibrateChainReturnType = Calibration[]

/**
 * The published parameter sets along a price history, as a chain: the first window's calibration is
 * the anchor (nothing to cap against), and each later period's calibration is fall-capped against
 * the previous period's *published* (capped) calibration, not against an uncapped one. So along
 * the chain no factor parameter falls faster than `maxFall` from one period to the next — the fall
 * cap bounds the path that is actually published (ESMA Guidelines on APC margin measures, 2018:
 * limit the speed of margin decreases) — and the chain is a pure function of the history. Each
 * node is `calibrateRiskParameters` on the `window` observations ending at its period, with
 * `now` = that period's time.
 *
 * @example
 * const chain = calibrateChain({ history, window: 90, base: defaultRiskParameters })
 * chain.at(-1)!.parameters.factors.ETH.scan // ≥ 0.9 × the period before's published scan
 */
export function calibrateChain(parameters: CalibrateChainParameters): CalibrateChainReturnType {
  const { history, window, base, settings, memo } = parameters
  const n = history.times.length
  if (!Number.isInteger(window) || window < 3 || window > n) {
    throw new InvalidPriceHistoryError(`a chain needs a window in [3, ${n}] observations, got ${window}`)
  }
  const inputs = memo ? contentHash({ base, settings: settings ?? null }) : ''
  const chain: Calibration[] = []
  let previous: Calibration | undefined
  for (let end = window; end <= n; end++) {
    const slice: PriceHistory = {
      times: history.times.slice(end - window, end),
      prices: Object.fromEntries(
        Object.entries(history.prices).map(([f, series]) => [f, series.slice(end - window, end)]),
      ),
    }
    const key = memo ? `${inputs}:${previous?.id ?? 'anchor'}:${historyHash(slice)}` : ''
    let node = memo?.get(key)
    if (!node) {
      node = calibrateRiskParameters({
        history: slice,
        base,
        settings,
        previous,
        now: slice.times[window - 1]!,
      })
      memo?.set(key, node)
    }
    chain.push(node)
    previous = node
  }
  return chain
}
