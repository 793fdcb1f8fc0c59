import type { YogaServerOptions } from 'graphql-yoga'

type CorsOption = NonNullable<YogaServerOptions<Record<string, never>, Record<string, never>>['cors']>

/** Request headers a listed origin may send: JSON, the GraphQL response type, the admin key. */
const allowedHeaders = ['content-type', 'accept', 'authorization', 'x-api-key']

/**
 * Yoga's `cors` option from an allow-list of origins. Empty: CORS off (no `access-control-*` header
 * ever, so no website can read the API from a browser). A listed origin gets its own origin back with
 * GET/POST and the headers above, never `access-control-allow-credentials` (the API uses keys in
 * headers, not cookies); any other origin gets no CORS header at all. `['*']`: every origin, still
 * without credentials.
 *
 * @example
 * createYoga({ cors: corsFromAllowList(['https://app.example']) })
 */
export function corsFromAllowList(origins: readonly string[]): CorsOption {
  if (origins.length === 0) return false
  const any = origins.includes('*')
  return (request: Request) => {
    const origin = request.headers.get('origin')
    if (!origin || !(any || origins.includes(origin))) return false
    return { origin, credentials: false, methods: ['GET', 'POST'], allowedHeaders, maxAge: 600 }
  }
}
