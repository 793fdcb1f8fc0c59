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
