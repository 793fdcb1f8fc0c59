import { BaseError } from './base-error.js'

/** Thrown when a value cannot be represented as a decimal string or parsed from one. */
export class InvalidAmountError extends BaseError {
  override name = 'InvalidAmountError'

  constructor(value: string, parameters: { details?: string } = {}) {
    super(`Invalid amount: ${value}.`, { details: parameters.details })
  }
}
