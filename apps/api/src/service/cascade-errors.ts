import { BaseError } from '@xmargin/core'
import { ApiError } from '../errors.js'

/**
 * The API error for an engine error of a cascade or Cover-2 run (on the worker pool, where the
 * engine's errors come back by name): a sale that needs more of a stored pool's ticks than the
 * indexer read (`TickRangeNotCoveredError`) is `INSUFFICIENT_LIQUIDITY_DATA` (503: our data, not the
 * request, falls short), and so is a Perp v2 close its stored virtual pool cannot take
 * (`PerpPoolCloseError`: no depth curve stands in for a Perp market); other engine errors (`MissingPriceImpactError`, `InvalidImpactModelError`…)
 * are `BAD_USER_INPUT`; anything else is returned as it is.
 *
 * @example
 * try { await run() } catch (error) { throw cascadeApiError(error) }
 */
export function cascadeApiError(error: unknown): unknown {
  if (!(error instanceof BaseError) || error instanceof ApiError) return error
  if (error.name === 'TickRangeNotCoveredError')
    return new ApiError(
      'INSUFFICIENT_LIQUIDITY_DATA',
      `${error.shortMessage} A forced sale moves a stored pool's price beyond the ticks the indexer keeps (a 90% fall or a 10× rise); give this asset a depth curve in \`impact\` to simulate a sale that large.`,
      { cause: error },
    )
  if (error.name === 'PerpPoolCloseError')
    return new ApiError(
      'INSUFFICIENT_LIQUIDITY_DATA',
      `${error.shortMessage} The indexer keeps a virtual pool's ticks over a 90% fall or a 10× rise of its price; a shock past that, or a close larger than the pool's liquidity, cannot be priced from the stored state.`,
      { cause: error },
    )
  return new ApiError('BAD_USER_INPUT', error.shortMessage, { cause: error })
}
