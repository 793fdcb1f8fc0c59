import { BaseError } from '@xmargin/core'

/** Thrown when a position is malformed (negative spot amount, bad decimals, zero strike...). */
export class InvalidPositionError extends BaseError {
  override name = 'InvalidPositionError'
  readonly positionId: string

  constructor(positionId: string, reason: string) {
    super(`Invalid position "${positionId}": ${reason}.`)
    this.positionId = positionId
  }
}

/** Thrown when a stress test names a scenario the engine does not know. */
export class UnknownScenarioError extends BaseError {
  override name = 'UnknownScenarioError'

  constructor(name: string, known: readonly string[]) {
    super(`Unknown stress scenario "${name}".`, { details: `Known scenarios: ${known.join(', ')}.` })
  }
}

/** Thrown when a venue rule needs a parameter its positions do not carry (an Aave liquidation bonus). */
export class MissingVenueParameterError extends BaseError {
  override name = 'MissingVenueParameterError'

  constructor(rule: string, parameter: string, where: string) {
    super(`The ${rule} rule needs ${parameter} for ${where}.`, {
      details: 'Positions read by the current adapters carry it; re-read the wallet to fill it in.',
    })
  }
}
