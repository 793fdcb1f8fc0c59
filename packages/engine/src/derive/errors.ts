import { BaseError } from '@xmargin/core'

/**
 * Thrown when a {@link DeriveMarginInput} cannot be margined: an option whose expiry has no
 * market data, no scenarios, a non-finite number, or a value the venue's contracts would revert on
 * (negative SVI total variance, a zero forward, a zero skew width).
 */
export class InvalidDeriveInputError extends BaseError {
  override name = 'InvalidDeriveInputError'
  readonly field: string

  constructor(field: string, reason: string) {
    super(`Invalid Derive margin input at ${field}: ${reason}.`)
    this.field = field
  }
}
