import { formatUsd } from '@xmargin/core'
import {
  type BacktestBookReturnType,
  type BacktestParameterSource,
  defaultCalibrationSettings,
  emirLookbackObservations,
  isLiability,
  type ModelName,
  type TrafficLightZone,
} from '@xmargin/engine'
import { ApiError } from '../errors.js'
import type { Book } from './load-book.js'
import { loadPriceHistory } from './load-price-history.js'
import type { ParameterSource } from './parameter-source.js'
import type { HeadsSnapshot } from './request-loaders.js'

/** Most P&L days one backtest may ask for (ten years of daily closes). */
export const MAX_BACKTEST_DAYS = 3650

/** What a backtest is asked for. */
export type BacktestOptions = {
  /** P&L days to test (the last `days` of the stored history). */
  days: number
  /** Coverage the margin targets (0.99). */
  confidence: number
  /** Which parameters margin the book each day. Default: the config's `margin.model`. */
  parameters?: 'static' | 'dynamic' | undefined
  /** Compare each loss with the previous day's initial (default) or maintenance margin. */
  margin?: 'initial' | 'maintenance' | undefined
  /**
   * Dynamic: observations per daily calibration. Default the config's `margin.window`, else (a static
   * config) the engine's `emirLookbackObservations`, 365: the same default as a dynamic config's.
   */
  window?: number | undefined
  model?: ModelName | undefined
}

/** A backtest as the wire shows it: statistics, and each day's P&L against the margin held. */
export type BacktestView = {
  parameters: 'static' | 'dynamic'
  margin: 'initial' | 'maintenance'
  confidence: number
  /** Dynamic: observations per calibration; null for static. */
  window: number | null
  observations: number
  exceptions: number
  coverage: number
  kupiec: { statistic: number; pValue: number }
  christoffersen: { statistic: number; pValue: number }
  conditionalCoverage: { statistic: number; pValue: number }
  trafficLight: { zone: TrafficLightZone; cumulativeProbability: number; plusFactor: number | null }
  days: { time: number; pnl: string; margin: string; exception: boolean; parameterSet: string }[]
}

/** Parameters of {@link backtestTask}. */
export type BacktestTaskParameters = {
  source: ParameterSource
  book: Book
  heads: HeadsSnapshot
  options: BacktestOptions
  store: Parameters<typeof loadPriceHistory>[0]['store']
  feeds: Parameters<typeof loadPriceHistory>[0]['feeds']
}

/**
 * Builds the engine input of a backtest of `book` (today's positions and prices, held unchanged):
 * the factors' daily closes from the stored feed rounds as of the pinned blocks (`days` P&Ls, plus
 * the calibration window when dynamic), and the parameter source — the config's static parameters,
 * or a calibration on the rolling window ending each day (`backtestBook`).
 * `INSUFFICIENT_HISTORY` when the stored history is shorter; `BAD_USER_INPUT` for a book without
 * liabilities under the `portfolio` model (it requires no margin: nothing to backtest).
 *
 * @example
 * const input = await backtestTask({ source, book, heads, options: { days: 250, confidence: 0.99 }, store, feeds })
 */
export async function backtestTask(parameters: BacktestTaskParameters) {
  const { source, book, heads, options, store, feeds } = parameters
  const { days, confidence } = options
  if (!Number.isInteger(days) || days < 1 || days > MAX_BACKTEST_DAYS)
    throw new ApiError('OUT_OF_RANGE', `days must be an integer in [1, ${MAX_BACKTEST_DAYS}], got ${days}.`)
  if (!(confidence > 0.5 && confidence < 1))
    throw new ApiError('OUT_OF_RANGE', `confidence must be in (0.5, 1), got ${confidence}.`)
  if ((options.model ?? 'portfolio') === 'portfolio' && !book.positions.some(isLiability))
    throw new ApiError(
      'BAD_USER_INPUT',
      'This book holds no liability (no debt, perp or written option): the portfolio model requires no margin of it, so there is no margin to backtest.',
    )
  const margin = source.margin
  const kind = options.parameters ?? margin.model
  const settings = margin.model === 'dynamic' ? margin.calibration : defaultCalibrationSettings
  const window = options.window ?? (margin.model === 'dynamic' ? margin.window : emirLookbackObservations)
  if (kind === 'dynamic' && (!Number.isInteger(window) || window < 3 || window > 3650))
    throw new ApiError('OUT_OF_RANGE', `window must be an integer in [3, 3650], got ${window}.`)
  const base = source.base
  const parameterSource: BacktestParameterSource =
    kind === 'static'
      ? { kind: 'static', params: base }
      : { kind: 'dynamic', base, lookback: window, settings }
  const history = await loadPriceHistory({
    store,
    feeds,
    heads,
    observations: days + (kind === 'dynamic' ? window : 1),
    periodSeconds: settings.periodSeconds,
  })
  return {
    kind,
    window: kind === 'dynamic' ? window : null,
    input: {
      positions: book.positions,
      prices: book.prices,
      volatilities: book.volatilities,
      history,
      parameters: parameterSource,
      confidence,
      margin: options.margin ?? 'initial',
      model: options.model,
      days,
    },
  }
}

/**
 * The wire view of an engine backtest: money as decimal strings, each day's parameter set named
 * (`static:<id>` is the static set's id).
 *
 * @example
 * const view = toBacktestView({ result, kind: 'static', window: null, margin: 'initial', confidence: 0.99, staticId })
 */
export function toBacktestView(parameters: {
  result: BacktestBookReturnType
  kind: 'static' | 'dynamic'
  window: number | null
  margin: 'initial' | 'maintenance'
  confidence: number
  staticId: string
}): BacktestView {
  const { result, kind, window, margin, confidence } = parameters
  const exceptions = new Set(result.exceptionIndices)
  const stat = (s: { statistic: number; pValue: number }) => ({ statistic: s.statistic, pValue: s.pValue })
  return {
    parameters: kind,
    margin,
    confidence,
    window,
    observations: result.observations,
    exceptions: result.exceptions,
    coverage: result.coverage,
    kupiec: stat(result.kupiec),
    christoffersen: stat(result.christoffersen),
    conditionalCoverage: stat(result.conditionalCoverage),
    trafficLight: result.trafficLight,
    days: result.times.map((time, i) => ({
      time,
      pnl: formatUsd({ value: result.pnl[i]! }),
      margin: formatUsd({ value: result.margin[i]! }),
      exception: exceptions.has(i),
      parameterSet: result.parameterSets[i] === 'static' ? parameters.staticId : result.parameterSets[i]!,
    })),
  }
}
