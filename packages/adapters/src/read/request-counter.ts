/** Counts JSON-RPC HTTP requests; plug `onFetchRequest` into viem's `http()` transport. */
export type RequestCounter = {
  /** Requests seen since creation or the last `reset`. */
  readonly count: number
  /** JSON-RPC methods seen, with counts (batched bodies count each method). */
  readonly methods: ReadonlyMap<string, number>
  onFetchRequest: (request: Request) => Promise<void>
  reset: () => void
}

/**
 * A request counter for benchmarks and tests.
 *
 * @example
 * const counter = createRequestCounter()
 * const client = createPublicClient({ transport: http(url, { onFetchRequest: counter.onFetchRequest }) })
 * await readSnapshot({ client, … })
 * counter.count // 1
 */
export function createRequestCounter(): RequestCounter {
  let count = 0
  const methods = new Map<string, number>()
  return {
    get count() {
      return count
    },
    methods,
    onFetchRequest: async (request) => {
      count++
      const body: unknown = await request.clone().json()
      for (const item of Array.isArray(body) ? body : [body]) {
        const method = (item as { method?: unknown }).method
        if (typeof method === 'string') methods.set(method, (methods.get(method) ?? 0) + 1)
      }
    },
    reset: () => {
      count = 0
      methods.clear()
    },
  }
}
