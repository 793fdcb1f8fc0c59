import { BaseError } from '@xmargin/core'

/** Thrown when a price history cannot be calibrated on: misaligned series, a non-positive price, gaps. */
export class InvalidPriceHistoryError extends BaseError {
  override name = 'InvalidPriceHistoryError'

  constructor(reason: string, parameters: { details?: string } = {}) {
    super(`Invalid price history: ${reason}.`, { details: parameters.details })
  }
}

/** Thrown when calibration settings are out of range (λ outside (0, 1), a confidence of 1...). */
export class InvalidCalibrationSettingsError extends BaseError {
  override name = 'InvalidCalibrationSettingsError'

  constructor(setting: string, reason: string) {
    super(`Invalid calibration setting "${setting}": ${reason}.`)
  }
}
