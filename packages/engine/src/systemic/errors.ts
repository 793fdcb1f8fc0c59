import { BaseError } from '@xmargin/core'

/** Thrown when a liquidation bound is asked about parameters outside its domain. */
export class InvalidBoundParametersError extends BaseError {
  override name = 'InvalidBoundParametersError'

  constructor(reason: string) {
    super(`Invalid liquidation-bound parameters: ${reason}.`)
  }
}
