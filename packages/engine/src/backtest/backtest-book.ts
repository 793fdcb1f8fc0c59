import type { Position, Price, RiskParameters, Volatility } from '@xmargin/core'
import { calibrateRiskParameters } from '../calibration/calibrate-risk-parameters.js'
import type { Calibration } from '../calibration/calibration.js'
import type { CalibrationSettings } from '../calibration/calibration-settings.js'
import type { PriceHistory } from '../calibration/price-history.js'
import { computeMargin } from '../compute-margin.js'
import { isLiability } from '../liabilities.js'
import type { ModelName } from '../models/model.js'
import { type BacktestStatisticsReturnType, backtestStatistics } from './backtest-statistics.js'
import { InvalidBacktestInputError } from './errors.js'

/** Which parameters margin the book each day. */
export type BacktestParameterSource =
  | { kind: 'static'; params: RiskParameters }
  | {
      kind: 'dynamic'
      /** Static parameters the calibration starts from (assets, contingencies, factors without history). */
      base: RiskParameters
      /** Observations per calibration window (rolling, ending at the day margined). */
      lookback: number
      settings?: Partial<CalibrationSettings> | undefined
    }

/** Parameters of {@link backtestBook}. */
export type BacktestBookParameters = {
  /** The book, held unchanged over the history (today's book). */
  positions: readonly Position[]
  /** Today's prices; each day's prices are these scaled by its factor's move since that day. */
  prices: readonly Price[]
  volatilities?: readonly Volatility[] | undefined
  /** Factor prices on a regular grid; the last observation is today. */
  history: PriceHistory
  parameters: BacktestParameterSource
  /** Coverage the margin targets (0.99). */
  confidence: number
  /** Compare each day's P&L with the previous day's initial (default) or maintenance margin. */
  margin?: 'initial' | 'maintenance' | undefined
  model?: ModelName | undefined
  /** Backtest the last `days` P&Ls (default: every day after the first calibration window). */
  days?: number | undefined
}

/** Return type of {@link backtestBook}. */
export type BacktestBookReturnType = BacktestStatisticsReturnType & {
  /** Times of the P&L days. */
  times: number[]
  pnl: number[]
  /** Margin held for each P&L day (the day before's). */
  margin: number[]
  /** The parameter set of each margin (`static` or the calibration id). */
  parameterSets: string[]
}

/**
 * Backtests a book: holds it over a price history and compares each day's P&L (change of equity)
 * with the margin the book held the day before, computed with static parameters or with a
 * calibration on the rolling window ending that day (the previous calibration feeding the fall
 * cap). Asset prices move with their factor (`params.assets[asset].factor`); an asset whose factor
 * has no history keeps today's price. Returns the exception statistics of `backtestStatistics`.
 * A book without liabilities is refused under the `portfolio` model (it requires no margin, so
 * nothing is backtested; `InvalidBacktestInputError`).
 *
 * @example
 * const result = backtestBook({ positions, prices, history, confidence: 0.99,
 *   parameters: { kind: 'dynamic', base: defaultRiskParameters, lookback: 90 } })
 * result.trafficLight.zone
 */
export function backtestBook(parameters: BacktestBookParameters): BacktestBookReturnType {
  const { positions, prices, volatilities, history, confidence } = parameters
  const source = parameters.parameters
  const n = history.times.length
  const lookback = source.kind === 'dynamic' ? source.lookback : 1
  const first = parameters.days === undefined ? lookback - 1 : n - 1 - parameters.days
  if (source.kind === 'dynamic' && (!Number.isInteger(lookback) || lookback < 3)) {
    throw new InvalidBacktestInputError(`lookback must be an integer ≥ 3, got ${lookback}`)
  }
  if ((parameters.model ?? 'portfolio') === 'portfolio' && !positions.some(isLiability)) {
    // Every losing day would beat a margin of 0: an exception count that says nothing of the model.
    throw new InvalidBacktestInputError(
      'the book holds no liability (no debt, perp or written option), so the portfolio model requires no margin of it and there is no margin to backtest',
    )
  }
  if (first < lookback - 1 || first >= n - 1) {
    throw new InvalidBacktestInputError(
      `${n} observations cannot backtest ${parameters.days ?? n - lookback} days after a ${lookback}-day window`,
    )
  }
  const assets = (source.kind === 'static' ? source.params : source.base).assets
  const pricesAt = (t: number): Price[] =>
    prices.map((price) => {
      const series = history.prices[assets[price.asset]?.factor ?? '']
      if (!series) return { ...price, updatedAt: history.times[t]! }
      const ratio = series[t]! / series[n - 1]!
      return {
        ...price,
        value: BigInt(Math.round(Number(price.value) * ratio)),
        updatedAt: history.times[t]!,
      }
    })
  const report = (t: number, params: RiskParameters) =>
    computeMargin({
      positions,
      prices: pricesAt(t),
      volatilities,
      params,
      model: parameters.model,
      now: history.times[t]!,
      liquidationPrices: false,
      isolated: false,
    })
  let previous: Calibration | undefined
  const paramsAt = (t: number): { params: RiskParameters; id: string } => {
    if (source.kind === 'static') return { params: source.params, id: 'static' }
    const window = {
      times: history.times.slice(t - lookback + 1, t + 1),
      prices: Object.fromEntries(
        Object.entries(history.prices).map(([factor, series]) => [
          factor,
          series.slice(t - lookback + 1, t + 1),
        ]),
      ),
    }
    previous = calibrateRiskParameters({
      history: window,
      base: source.base,
      settings: source.settings,
      previous,
      now: history.times[t]!,
    })
    return { params: previous.parameters, id: previous.id }
  }
  const times: number[] = []
  const pnl: number[] = []
  const margin: number[] = []
  const parameterSets: string[] = []
  let held = paramsAt(first)
  let before = report(first, held.params)
  for (let t = first + 1; t < n; t++) {
    // The last day needs only its equity: no calibration for a margin nobody holds.
    const next = t < n - 1 ? paramsAt(t) : held
    const today = report(t, next.params)
    times.push(history.times[t]!)
    pnl.push(today.equity - before.equity)
    margin.push(parameters.margin === 'maintenance' ? before.maintenanceMargin : before.initialMargin)
    parameterSets.push(held.id)
    held = next
    before = today
  }
  return { ...backtestStatistics({ pnl, margin, confidence }), times, pnl, margin, parameterSets }
}
