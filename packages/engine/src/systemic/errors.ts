import { BaseError } from '@xmargin/core'

/** Thrown when a liquidation bound is asked about parameters outside its domain. */
export class InvalidBoundParametersError extends BaseError {
  override name = 'InvalidBoundParametersError'

  constructor(reason: string) {
    super(`Invalid liquidation-bound parameters: ${reason}.`)
  }
}

/** Thrown when a cascade must sell seized collateral of a factor it has no price-impact model for. */
export class MissingPriceImpactError extends BaseError {
  override name = 'MissingPriceImpactError'

  constructor(factor: string, asset: string) {
    super(`No price-impact model for factor ${factor}: the cascade cannot sell seized ${asset}.`)
  }
}

/** Thrown when cascade parameters are outside their domain (a negative shock, no rounds). */
export class InvalidCascadeParametersError extends BaseError {
  override name = 'InvalidCascadeParametersError'

  constructor(reason: string) {
    super(`Invalid cascade parameters: ${reason}.`)
  }
}
