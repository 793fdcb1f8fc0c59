import { BaseError } from '@xmargin/core'

/** Thrown when backtest inputs are unusable: series of different lengths, a negative margin, no data. */
export class InvalidBacktestInputError extends BaseError {
  override name = 'InvalidBacktestInputError'

  constructor(reason: string) {
    super(`Invalid backtest input: ${reason}.`)
  }
}
