import { InvalidImpactModelError, PerpPoolCloseError, TickRangeNotCoveredError } from '@xmargin/engine'
import { describe, expect, test } from 'vitest'
import { EngineWorkerError } from '../engine/engine-task.js'
import { ApiError } from '../errors.js'
import { cascadeApiError } from './cascade-errors.js'

const fromWorker = (error: TickRangeNotCoveredError | InvalidImpactModelError | PerpPoolCloseError) =>
  new EngineWorkerError({ name: error.name, shortMessage: error.shortMessage, details: error.details })

describe('cascadeApiError', () => {
  test('a sale past the stored ticks is INSUFFICIENT_LIQUIDITY_DATA, in process and from a worker', () => {
    const tick = new TickRangeNotCoveredError(
      { lower: -900_000, upper: 10 },
      { lower: -23_100, upper: 23_100 },
    )
    for (const error of [tick, fromWorker(tick)]) {
      const api = cascadeApiError(error)
      expect(api).toBeInstanceOf(ApiError)
      expect(api).toMatchObject({ code: 'INSUFFICIENT_LIQUIDITY_DATA' })
      expect((api as ApiError).message).toContain('give this asset a depth curve in `impact`')
    }
  })

  test('a Perp v2 close its stored virtual pool cannot take is INSUFFICIENT_LIQUIDITY_DATA naming the market, not a depth curve', () => {
    const cause = new TickRangeNotCoveredError(
      { lower: 92_160, upper: 107_519 },
      { lower: 76_800, upper: 92_159 },
    )
    const perp = new PerpPoolCloseError({ chainId: 42161, asset: 'ETH', cause })
    for (const error of [perp, fromWorker(perp)]) {
      const api = cascadeApiError(error)
      expect(api).toMatchObject({ code: 'INSUFFICIENT_LIQUIDITY_DATA' })
      expect((api as ApiError).message).toContain("Perp v2's ETH market on chain 42161")
      expect((api as ApiError).message).not.toContain('depth curve')
    }
  })

  test("other engine errors are the user's (BAD_USER_INPUT); API and plain errors pass through", () => {
    const model = new InvalidImpactModelError('depth must be positive')
    expect(cascadeApiError(fromWorker(model))).toMatchObject({ code: 'BAD_USER_INPUT' })
    const api = new ApiError('UNKNOWN_FACTOR', 'Unknown factor DOGE.')
    expect(cascadeApiError(api)).toBe(api)
    const bug = new Error('bug')
    expect(cascadeApiError(bug)).toBe(bug)
  })
})
