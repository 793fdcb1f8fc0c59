import { InvalidBacktestInputError } from './errors.js'

/** Parameters of {@link countExceptions}. */
export type CountExceptionsParameters = {
  /** P&L of each period (USD; a loss is negative). */
  pnl: readonly number[]
  /** Margin held against period t's P&L (the previous period's IM or MM), ≥ 0, same length. */
  margin: readonly number[]
}

/** Return type of {@link countExceptions}. */
export type CountExceptionsReturnType = {
  /** `exceptions[t]`: the loss of period t exceeded its margin. */
  exceptions: boolean[]
  count: number
  observations: number
  /** Share of periods covered: 1 − count / observations. */
  coverage: number
}

/**
 * Backtest exceptions: a period whose loss is larger than the margin held for it (`−pnl > margin`;
 * a loss equal to the margin is covered).
 *
 * @example
 * countExceptions({ pnl: [-5, 3, -12], margin: [10, 10, 10] })
 * // { exceptions: [false, false, true], count: 1, observations: 3, coverage: 2 / 3 }
 */
export function countExceptions(parameters: CountExceptionsParameters): CountExceptionsReturnType {
  const { pnl, margin } = parameters
  if (pnl.length === 0) throw new InvalidBacktestInputError('no observations')
  if (pnl.length !== margin.length) {
    throw new InvalidBacktestInputError(`${pnl.length} P&L values for ${margin.length} margins`)
  }
  let count = 0
  const exceptions = pnl.map((value, t) => {
    const held = margin[t]!
    if (!Number.isFinite(value)) throw new InvalidBacktestInputError(`pnl[${t}] is ${value}`)
    if (!Number.isFinite(held) || held < 0) throw new InvalidBacktestInputError(`margin[${t}] is ${held}`)
    const exception = -value > held
    if (exception) count++
    return exception
  })
  return { exceptions, count, observations: pnl.length, coverage: 1 - count / pnl.length }
}
