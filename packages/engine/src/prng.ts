/**
 * Seeded pseudo-random generator (mulberry32): 32-bit state, uniform doubles in [0, 1).
 * Deterministic across platforms; the engine never calls Math.random.
 *
 * @example
 * const next = createPrng(42)
 * next() // same value on every run
 */
export function createPrng(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Parameters of {@link standardNormals}. */
export type StandardNormalsParameters = { seed: number; count: number }

const cache = new Map<string, Float64Array>()

/**
 * `count` independent standard normal draws from `seed` (Box–Muller on {@link createPrng}).
 * Memoised by (seed, count): the same arguments return the same (read-only by convention) array.
 *
 * @example
 * const z = standardNormals({ seed: 1, count: 20_000 })
 */
export function standardNormals(parameters: StandardNormalsParameters): Float64Array {
  const key = `${parameters.seed}:${parameters.count}`
  const cached = cache.get(key)
  if (cached) return cached
  const next = createPrng(parameters.seed)
  const out = new Float64Array(parameters.count)
  for (let i = 0; i < parameters.count; i += 2) {
    let u = next()
    while (u === 0) u = next()
    const v = next()
    const radius = Math.sqrt(-2 * Math.log(u))
    out[i] = radius * Math.cos(2 * Math.PI * v)
    if (i + 1 < parameters.count) out[i + 1] = radius * Math.sin(2 * Math.PI * v)
  }
  if (cache.size > 16) cache.clear()
  cache.set(key, out)
  return out
}
