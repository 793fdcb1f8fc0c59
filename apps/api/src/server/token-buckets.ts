/** Parameters of {@link createTokenBuckets}. */
export type CreateTokenBucketsParameters = {
  /** Tokens added to each bucket per second. */
  ratePerSecond: number
  /** Most tokens a bucket holds (a new client starts full). */
  burst: number
  /** Most buckets kept; past it the least recently used is dropped (its client starts full again). */
  maxKeys: number
  /** Clock in seconds (fractions allowed). */
  now: () => number
}

/** What {@link TokenBuckets.take} decided. */
export type TakeResult = { ok: true } | { ok: false; retryAfterSeconds: number }

/** Per-key token buckets; see {@link createTokenBuckets}. */
export type TokenBuckets = {
  /**
   * Takes `cost` tokens from `key`'s bucket, or none and says how many whole seconds until they are
   * there. A cost above `burst` is charged `burst` (it needs a full bucket, and empties it).
   */
  take: (key: string, cost: number) => TakeResult
  /** Buckets held now (full idle buckets are dropped, so this stays near the number of busy clients). */
  size: () => number
}

type Bucket = { tokens: number; at: number }

/**
 * Token buckets keyed by client, refilled continuously at `ratePerSecond` up to `burst`. Memory is
 * bounded: a bucket that has refilled to full is the same as no bucket, so the oldest buckets are
 * checked on every insert and dropped when full, and at most `maxKeys` are kept (least recently used
 * out first). A clock that goes backwards refills nothing.
 *
 * @example
 * const buckets = createTokenBuckets({ ratePerSecond: 1000, burst: 6000, maxKeys: 10_000, now: () => Date.now() / 1000 })
 * buckets.take('127.0.0.1', 3000) // { ok: true }
 * buckets.take('127.0.0.1', 3000) // { ok: true }
 * buckets.take('127.0.0.1', 3000) // { ok: false, retryAfterSeconds: 3 }
 */
export function createTokenBuckets(parameters: CreateTokenBucketsParameters): TokenBuckets {
  const { ratePerSecond, burst, maxKeys, now } = parameters
  // Insertion order is recency order: a touched bucket is re-inserted at the end.
  const buckets = new Map<string, Bucket>()
  const refilled = (bucket: Bucket, at: number) =>
    Math.min(burst, bucket.tokens + Math.max(0, at - bucket.at) * ratePerSecond)

  const dropIdle = (at: number) => {
    // Two per insert keeps up with one new key per request without scanning the map.
    for (let checked = 0; checked < 2; checked++) {
      const oldest = buckets.entries().next()
      if (oldest.done) return
      const [key, bucket] = oldest.value
      if (refilled(bucket, at) < burst) return
      buckets.delete(key)
    }
  }

  return {
    take(key, cost) {
      const at = now()
      const charge = Math.min(cost, burst)
      const existing = buckets.get(key)
      const tokens = existing ? refilled(existing, at) : burst
      if (existing) buckets.delete(key)
      else {
        dropIdle(at)
        while (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value as string)
      }
      if (tokens >= charge) {
        buckets.set(key, { tokens: tokens - charge, at })
        return { ok: true }
      }
      buckets.set(key, { tokens, at })
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((charge - tokens) / ratePerSecond)) }
    },
    size: () => buckets.size,
  }
}
