import { BaseError } from '@xmargin/core'

/** Thrown when swap math is given values the contracts would reject (the Solidity `require`s). */
export class SwapMathError extends BaseError {
  override name = 'SwapMathError'

  constructor(reason: string, details?: string) {
    super(`Uniswap v3 swap math: ${reason}.`, details === undefined ? {} : { details })
  }
}

/** Thrown when a swap needs an initialized tick outside the range the pool state was read for. */
export class TickRangeNotCoveredError extends BaseError {
  override name = 'TickRangeNotCoveredError'
  readonly needed: { lower: number; upper: number }

  constructor(needed: { lower: number; upper: number }, covered: { lower: number; upper: number }) {
    super(`Pool state does not cover ticks ${needed.lower}..${needed.upper}.`, {
      details: `The initialized ticks were read for ${covered.lower}..${covered.upper}; read a wider range for this sale size.`,
    })
    this.needed = needed
  }
}

/** Thrown when a price-impact model is configured with values it cannot use. */
export class InvalidImpactModelError extends BaseError {
  override name = 'InvalidImpactModelError'

  constructor(reason: string) {
    super(`Invalid price-impact model: ${reason}.`)
  }
}
