import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf'
import { type ChristoffersenIndependenceReturnType, christoffersenIndependence } from './christoffersen.js'
import { countExceptions } from './count-exceptions.js'
import { type KupiecPofReturnType, kupiecPof } from './kupiec.js'
import { type BaselTrafficLightReturnType, baselTrafficLight } from './traffic-light.js'

/** Parameters of {@link backtestStatistics}. */
export type BacktestStatisticsParameters = {
  /** P&L of each period (a loss is negative). */
  pnl: readonly number[]
  /** Margin held for each period (the previous period's IM or MM). */
  margin: readonly number[]
  /** Coverage the margin targets, e.g. 0.99. */
  confidence: number
}

/** Return type of {@link backtestStatistics}. */
export type BacktestStatisticsReturnType = {
  observations: number
  exceptions: number
  /** Indices of the periods with an exception. */
  exceptionIndices: number[]
  coverage: number
  kupiec: KupiecPofReturnType
  christoffersen: ChristoffersenIndependenceReturnType
  /** Christoffersen's conditional coverage: Kupiec + independence, χ²(2). */
  conditionalCoverage: { statistic: number; pValue: number }
  trafficLight: BaselTrafficLightReturnType
}

/**
 * Every backtest statistic of one P&L series against the margin held for it: exceptions and
 * coverage, Kupiec's POF test, Christoffersen's independence and conditional-coverage tests, and
 * the Basel traffic-light zone.
 *
 * @example
 * const stats = backtestStatistics({ pnl, margin: previousDayIm, confidence: 0.99 })
 * stats.trafficLight.zone // 'green' for 0–4 exceptions in 250 days
 */
export function backtestStatistics(parameters: BacktestStatisticsParameters): BacktestStatisticsReturnType {
  const { pnl, margin, confidence } = parameters
  const counted = countExceptions({ pnl, margin })
  const kupiec = kupiecPof({ observations: counted.observations, exceptions: counted.count, confidence })
  const christoffersen = christoffersenIndependence(counted.exceptions)
  const statistic = kupiec.statistic + christoffersen.statistic
  return {
    observations: counted.observations,
    exceptions: counted.count,
    exceptionIndices: counted.exceptions.flatMap((exception, t) => (exception ? [t] : [])),
    coverage: counted.coverage,
    kupiec,
    christoffersen,
    conditionalCoverage: { statistic, pValue: 1 - chisquareCdf(statistic, 2) },
    trafficLight: baselTrafficLight({
      observations: counted.observations,
      exceptions: counted.count,
      confidence,
    }),
  }
}
