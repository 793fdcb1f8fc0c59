import type { Plugin } from '@envelop/core'
import { GraphQLError } from 'graphql'
import { httpStatusOf } from '../errors.js'
import { type ClientKeyOf, clientKeyOf } from './client-key.js'
import { createTokenBuckets, type TakeResult } from './token-buckets.js'
import { createWorkEstimator, type WorkEstimateArgs, type WorkEstimator } from './work-estimate.js'

/** Buckets kept at most (a few hundred KB); past it the least recently seen client is forgotten. */
export const RATE_LIMIT_MAX_CLIENTS = 10_000

/** Parameters of {@link createWorkRateLimit}. */
export type CreateWorkRateLimitParameters = {
  /** Work units each client earns per second; 0 turns the limit off. */
  workPerSecond: number
  /** Most work units a client may spend at once (its bucket's size). */
  burst: number
  /** Clock in seconds. Default: wall clock. */
  now?: (() => number) | undefined
  /** Names a request's client (see `createClientKeyOf`, trusted proxies). Default: the socket's address. */
  clientKey?: ClientKeyOf | undefined
}

/** Each client's work-rate bucket; see {@link createWorkRateLimit}. */
export type WorkRateLimit = {
  workPerSecond: number
  burst: number
  /** Takes `cost` units from the bucket of the client of `context` (a request's context), or says when to retry. */
  charge: (context: unknown, cost: number) => TakeResult
}

/**
 * The per-client work-rate limit: a token bucket of `burst` units per client refilled at
 * `workPerSecond`, shared by the request plugin ({@link useRateLimit}) and subscription
 * recomputations (charged the same bucket on every new block). Undefined when `workPerSecond` is 0 (off).
 *
 * @example
 * const limit = createWorkRateLimit({ workPerSecond: 1_000, burst: 6_000 })
 * limit?.charge(context, 200) // { ok: true }
 */
export function createWorkRateLimit(parameters: CreateWorkRateLimitParameters): WorkRateLimit | undefined {
  const { workPerSecond, burst } = parameters
  if (workPerSecond === 0) return undefined
  const clientKey = parameters.clientKey ?? clientKeyOf
  const buckets = createTokenBuckets({
    ratePerSecond: workPerSecond,
    burst,
    maxKeys: RATE_LIMIT_MAX_CLIENTS,
    now: parameters.now ?? (() => Date.now() / 1000),
  })
  return { workPerSecond, burst, charge: (context, cost) => buckets.take(clientKey(context), cost) }
}

/** Parameters of {@link useRateLimit}. */
export type UseRateLimitParameters = {
  /** The per-client buckets ({@link createWorkRateLimit}); undefined: no rate limit. */
  limit: WorkRateLimit | undefined
  /** The work budget's `maxWork`: a request above it is charged 1 (the budget refuses it after). */
  maxWork: number
  /** The request's work estimate, shared with the work budget. Default: every wallet 1 unit. */
  estimator?: WorkEstimator | undefined
}

/**
 * Rate-limits each client (its key: its socket's remote address, or the forwarded client behind a
 * trusted proxy) by the engine work it asks for, through `limit`'s token buckets: each operation is
 * charged its estimated work (`estimator`) (at least 1, so `{ __typename }` costs 1 and an ES stress test
 * thousands), subscriptions at subscribe time (and each recomputation, by the subscription itself).
 * Past it: `RATE_LIMITED` (429) with a `Retry-After` header in seconds, before anything runs. Place
 * it before the work budget: a request over `maxWork` is charged 1 and then refused by the budget,
 * so retrying refused requests is rate-limited too. Admin-key requests are charged too: the key
 * guards mutations, it is not a licence to load the server.
 *
 * @example
 * const limit = createWorkRateLimit({ workPerSecond: 1_000, burst: 6_000 })
 * createYoga({ schema, plugins: [useRateLimit({ limit, maxWork: 3_000 }), useWorkBudget({ maxWork: 3_000 })] })
 */
export function useRateLimit(parameters: UseRateLimitParameters): Plugin {
  const { limit, maxWork } = parameters
  if (!limit) return {}
  const { workPerSecond, burst } = limit
  const estimator = parameters.estimator ?? createWorkEstimator({})
  const refusal = async (args: WorkEstimateArgs) => {
    const work = await estimator.estimate(args)
    const cost = work > maxWork ? 1 : Math.max(1, work)
    const taken = limit.charge(args.contextValue, cost)
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
    async onExecute({ args, setResultAndStopExecution }) {
      const refused = await refusal(args)
      if (refused) setResultAndStopExecution(refused)
    },
    async onSubscribe({ args, setResultAndStopExecution }) {
      const refused = await refusal(args)
      if (refused) setResultAndStopExecution(refused)
    },
  }
}
