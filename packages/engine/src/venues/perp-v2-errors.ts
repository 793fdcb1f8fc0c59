import { BaseError } from '@xmargin/core'

/**
 * Thrown when a Perp v2 liquidation cannot close through its market's stored virtual pool: the
 * arbitrage to the moved index or the close needs ticks beyond those read (`TickRangeNotCoveredError`
 * as its cause), or the pool's liquidity cannot fill the close (`SwapMathError`). Not a fallback to
 * the index price: the stored data falls short of the scenario.
 *
 * @example
 * throw new PerpPoolCloseError({ chainId: 42161, asset: 'ETH', cause })
 */
export class PerpPoolCloseError extends BaseError {
  override name = 'PerpPoolCloseError'

  constructor(parameters: { chainId: number; asset: string; cause: BaseError }) {
    const { chainId, asset, cause } = parameters
    super(
      `Perp v2's ${asset} market on chain ${chainId} cannot close a liquidation through its stored virtual pool: ${cause.shortMessage}`,
      cause.details === undefined ? { cause } : { cause, details: cause.details },
    )
  }
}
