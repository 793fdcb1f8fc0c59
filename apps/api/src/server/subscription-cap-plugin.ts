import type { Plugin } from '@envelop/core'
import { GraphQLError } from 'graphql'
import { httpStatusOf } from '../errors.js'
import { type ClientKeyOf, clientKeyOf } from './client-key.js'

/** Parameters of {@link useSubscriptionCap}. */
export type UseSubscriptionCapParameters = {
  /** Most open subscriptions of one client (`clientKey`). */
  maxPerClient: number
  /** Most open subscriptions on the server. */
  maxTotal: number
  /** Names a request's client (see `createClientKeyOf`, trusted proxies). Default: the socket's address. */
  clientKey?: ClientKeyOf | undefined
}

/**
 * Caps open subscriptions per client (`clientKey`: remote address, or the forwarded client behind a trusted proxy) and in total: one past either cap is refused
 * with `TOO_MANY_SUBSCRIPTIONS` (429) before it subscribes. A subscription frees its place when its
 * stream ends, fails or the client goes away.
 *
 * @example
 * createYoga({ schema, plugins: [useSubscriptionCap({ maxPerClient: 10, maxTotal: 1_000 })] })
 */
export function useSubscriptionCap(parameters: UseSubscriptionCapParameters): Plugin {
  const { maxPerClient, maxTotal } = parameters
  const clientKey = parameters.clientKey ?? clientKeyOf
  const perClient = new Map<string, number>()
  let total = 0
  const release = (client: string) => {
    total--
    const left = (perClient.get(client) ?? 1) - 1
    if (left <= 0) perClient.delete(client)
    else perClient.set(client, left)
  }
  return {
    onSubscribe({ args, setResultAndStopExecution }) {
      const client = clientKey(args.contextValue)
      const mine = perClient.get(client) ?? 0
      if (mine >= maxPerClient || total >= maxTotal) {
        const which = mine >= maxPerClient ? `${maxPerClient} per client` : `${maxTotal} on this server`
        setResultAndStopExecution({
          errors: [
            new GraphQLError(`Too many open subscriptions (at most ${which}): close one first.`, {
              extensions: {
                code: 'TOO_MANY_SUBSCRIPTIONS',
                http: { status: httpStatusOf.TOO_MANY_SUBSCRIPTIONS },
              },
            }),
          ],
        })
        return
      }
      total++
      perClient.set(client, mine + 1)
      let released = false
      const done = () => {
        if (released) return
        released = true
        release(client)
      }
      return {
        onSubscribeResult({ result, setResult }) {
          if (!isAsyncIterable(result)) done()
          else setResult(counted(result, done))
        },
        onSubscribeError() {
          done()
        },
      }
    },
  }
}

function isAsyncIterable<T>(value: unknown): value is AsyncIterable<T> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value
}

/** The stream as it is, calling `done` once when it ends, throws, or its consumer returns. */
function counted<T>(source: AsyncIterable<T>, done: () => void): AsyncIterableIterator<T> {
  const iterator = source[Symbol.asyncIterator]()
  return {
    [Symbol.asyncIterator]() {
      return this
    },
    async next() {
      try {
        const step = await iterator.next()
        if (step.done) done()
        return step
      } catch (error) {
        done()
        throw error
      }
    },
    async return(value?: unknown) {
      done()
      return (await iterator.return?.(value)) ?? { done: true, value: undefined }
    },
    async throw(error?: unknown) {
      done()
      if (iterator.throw) return iterator.throw(error)
      throw error
    },
  }
}
