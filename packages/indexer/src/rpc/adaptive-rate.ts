import { custom, HttpRequestError, RpcRequestError, type Transport } from 'viem'

export type AdaptiveRateParameters = {
  /** Requests per second to start at. */
  initialRps?: number
  minRps?: number
  maxRps?: number
  now?: () => number
}

export type AdaptiveRateLimiter = {
  /** Current allowed requests per second. */
  rps: () => number
  /** Waits until the next request may go. */
  acquire: () => Promise<void>
  /** The provider said "too many requests": halve the rate. */
  onThrottled: () => void
  /** A request went through: creep back up (additive increase). */
  onSuccess: () => void
}

/**
 * Additive-increase / multiplicative-decrease request pacing for one RPC URL: every 429 halves the
 * rate, every success adds 1/rps, so a provider's real limit is found and followed.
 *
 * @example
 * const limiter = createAdaptiveRateLimiter({ initialRps: 25 })
 * await limiter.acquire()
 */
export function createAdaptiveRateLimiter(parameters: AdaptiveRateParameters = {}): AdaptiveRateLimiter {
  const { initialRps = 25, minRps = 1, maxRps = 500, now = Date.now } = parameters
  let rps = initialRps
  let nextAt = 0
  return {
    rps: () => rps,
    async acquire() {
      const at = Math.max(now(), nextAt)
      nextAt = at + 1000 / rps
      const wait = at - now()
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
    },
    onThrottled() {
      rps = Math.max(minRps, rps / 2)
    },
    onSuccess() {
      rps = Math.min(maxRps, rps + 1 / rps)
    },
  }
}

/**
 * Wraps a transport (e.g. `http(url)`) so its requests are paced by an adaptive limiter and a
 * 429 lowers the pace. Errors still propagate to viem's retry and the indexer's back-off.
 *
 * @example
 * const limiter = createAdaptiveRateLimiter()
 * const client = createPublicClient({ transport: adaptiveRate(http(url), limiter) })
 */
export function adaptiveRate(
  transport: Transport,
  limiter: AdaptiveRateLimiter,
  options: { retryCount?: number | undefined } = {},
): Transport {
  return (transportOptions) => {
    const inner = transport({ ...transportOptions, retryCount: 0 })
    const request = async ({ method, params }: { method: string; params?: unknown }): Promise<unknown> => {
      await limiter.acquire()
      try {
        const result: unknown = await inner.request({ method, params } as Parameters<typeof inner.request>[0])
        limiter.onSuccess()
        return result
      } catch (error) {
        if (isThrottle(error)) limiter.onThrottled()
        throw error
      }
    }
    // Retries (viem's, with back-off) wrap the paced request, so a retried 429 waits its turn too.
    return custom(
      { request },
      { key: inner.config.key, name: inner.config.name, retryCount: options.retryCount },
    )(transportOptions)
  }
}

function isThrottle(error: unknown): boolean {
  if (error instanceof HttpRequestError) return error.status === 429
  if (error instanceof RpcRequestError) return error.code === 429 || /rate|too many/i.test(error.message)
  return false
}
