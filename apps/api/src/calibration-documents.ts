/**
 * The documents of `xmargin calibrate`, `xmargin backtest` and `xmargin history` (and of any client
 * that wants the same answers). Result and variable types are inferred from `schema.graphql`
 * (gql.tada), so each command's `--json` is the API's answer field for field.
 */
import { graphql, type ResultOf, type VariablesOf } from './graphql/graphql.js'

/** `calibration`: the current parameter set with every factor and correlation. */
export const calibrationQueryDocument = graphql(`
  query XmarginCalibration {
    calibration {
      parameterSet { id model window { from to observations } asOf { chainId blockNumber } }
      factors {
        factor calibrated volatilitySource volatility scanRange volUp volDown
        periodVolatility stressedPeriodVolatility blendedPeriodVolatility floored fallCapped
      }
      correlations { a b value }
      stressedWeight staticFloor maxFall correlationRepaired
    }
  }
`)

/** `backtest(addresses | account, days, confidence, parameters, margin, window, model)`. */
export const backtestQueryDocument = graphql(`
  query XmarginBacktest(
    $addresses: [Address!], $account: String, $days: Int, $confidence: Float,
    $parameters: ParameterModel, $margin: BacktestMargin, $window: Int, $model: MarginModel
  ) {
    backtest(
      addresses: $addresses, account: $account, days: $days, confidence: $confidence,
      parameters: $parameters, margin: $margin, window: $window, model: $model
    ) {
      parameters margin confidence window observations exceptions coverage
      kupiec { statistic pValue }
      christoffersen { statistic pValue }
      conditionalCoverage { statistic pValue }
      trafficLight { zone cumulativeProbability plusFactor }
      days { time pnl margin exception parameterSet }
    }
  }
`)

/** `marginHistory(addresses, from, to, step, model)`. */
export const marginHistoryQueryDocument = graphql(`
  query XmarginHistory($addresses: [Address!]!, $from: Int!, $to: Int!, $step: Int!, $model: MarginModel) {
    marginHistory(addresses: $addresses, from: $from, to: $to, step: $step, model: $model) {
      time blocks { chainId blockNumber } status statusReasons
      equity initialMargin maintenanceMargin health parameterSet
    }
  }
`)

/** A `Calibration` as JSON on the wire. */
export type CalibrationJson = ResultOf<typeof calibrationQueryDocument>['calibration']
/** A `Backtest` as JSON on the wire. */
export type BacktestJson = ResultOf<typeof backtestQueryDocument>['backtest']
/** `marginHistory` steps as JSON on the wire. */
export type MarginHistoryJson = ResultOf<typeof marginHistoryQueryDocument>['marginHistory']
/** Variables of {@link backtestQueryDocument}. */
export type BacktestQueryVariables = VariablesOf<typeof backtestQueryDocument>
