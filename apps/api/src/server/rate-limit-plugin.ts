import type { Plugin } from '@envelop/core'
import { type DocumentNode, GraphQLError } from 'graphql'
import { httpStatusOf } from '../errors.js'
import { type ClientKeyOf, clientKeyOf } from './client-key.js'
import { estimateWork } from './estimate-work.js'
import { createTokenBuckets } from './token-buckets.js'

/** Buckets kept at most (a few hundred KB); past it the least recently seen client is forgotten. */
export const RATE_LIMIT_MAX_CLIENTS = 10_000

/** Parameters of {@link useRateLimit}. */
export type UseRateLimitParameters = {
  /** Work units each client earns per second; 0 turns the limit off. */
  workPerSecond: number
  /** Most work units a client may spend at once (its bucket's size). */
  burst: number
  /** The work budget's `maxWork`: a request above it is charged 1 (the budget refuses it after). */
  maxWork: number
  /** Clock in seconds. Default: wall clock. */
  now?: (() => number) | undefined
  /** Names a request's client (see `createClientKeyOf`, trusted proxies). Default: the socket's address. */
  clientKey?: ClientKeyOf | undefined
}

/**
 * Rate-limits each client (`clientKey`: its socket's remote address, or the forwarded client behind a trusted proxy) by the engine work it asks
 * for: a token bucket of `burst` units refilled at `workPerSecond`, charged each operation's
 * {@link estimateWork} (at least 1, so `{ __typename }` costs 1 and an ES stress test thousands),
 * subscriptions at subscribe time. Past it: `RATE_LIMITED` (429) with a `Retry-After` header in
 * seconds, before anything runs. Place it before the work budget: a request over `maxWork` is
 * charged 1 and then refused by the budget, so retrying refused requests is rate-limited too.
 * Admin-key requests are charged too: the key guards mutations, it is not a licence to load the server.
 *
 * @example
 * createYoga({ schema, plugins: [useRateLimit({ workPerSecond: 1_000, burst: 6_000, maxWork: 3_000 }), useWorkBudget({ maxWork: 3_000 })] })
 */
export function useRateLimit(parameters: UseRateLimitParameters): Plugin {
  const { workPerSecond, burst, maxWork } = parameters
  const clientKey = parameters.clientKey ?? clientKeyOf
  if (workPerSecond === 0) return {}
  const buckets = createTokenBuckets({
    ratePerSecond: workPerSecond,
    burst,
    maxKeys: RATE_LIMIT_MAX_CLIENTS,
    now: parameters.now ?? (() => Date.now() / 1000),
  })
  const refusal = (args: {
    schema: unknown
    document: unknown
    operationName?: string | null | undefined
    variableValues?: unknown
    contextValue?: unknown
  }) => {
    const work = estimateWork({
      schema: args.schema as Parameters<typeof estimateWork>[0]['schema'],
      document: args.document as DocumentNode,
      operationName: args.operationName,
      variables: (args.variableValues ?? {}) as Record<string, unknown>,
    })
    const cost = work > maxWork ? 1 : Math.max(1, work)
    const taken = buckets.take(clientKey(args.contextValue), cost)
    if (taken.ok) return undefined
    const seconds = taken.retryAfterSeconds
    return {
      errors: [
        new GraphQLError(
          `Rate limited: this client may ask for ${workPerSecond} work units per second (at most ${burst} at once); this request costs about ${cost}. Retry in ${seconds} s.`,
          {
            extensions: {
              code: 'RATE_LIMITED',
              retryAfterSeconds: seconds,
              http: { status: httpStatusOf.RATE_LIMITED, headers: { 'retry-after': String(seconds) } },
            },
          },
        ),
      ],
    }
  }
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const refused = refusal(args)
      if (refused) setResultAndStopExecution(refused)
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refused = refusal(args)
      if (refused) setResultAndStopExecution(refused)
    },
  }
}
