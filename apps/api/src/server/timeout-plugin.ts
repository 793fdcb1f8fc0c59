import type { Plugin } from '@envelop/core'
import { GraphQLError } from 'graphql'
import { httpStatusOf } from '../errors.js'
import type { ApiContext } from '../schema/builder.js'

/**
 * Ends an execution that runs longer than `timeoutMs` with a `TIMEOUT` error (HTTP 504). Work that
 * is waiting on I/O is abandoned, and the context's `engineWork` is aborted: the request's engine
 * tasks are dropped from the pool's queue, and a worker thread still computing one is terminated and
 * replaced. (With the engine in-process, a computation already running finishes first; batches stop
 * between wallets through the context's `deadline`.)
 *
 * @example
 * createYoga({ schema, plugins: [useExecutionTimeout({ timeoutMs: 10_000 })] })
 */
export function useExecutionTimeout(parameters: {
  timeoutMs: number
}): Plugin<Pick<ApiContext, 'engineWork'>> {
  const { timeoutMs } = parameters
  return {
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn(async (args) => {
        let timer: NodeJS.Timeout | undefined
        const timeout = new Promise<{ errors: GraphQLError[] }>((resolve) => {
          timer = setTimeout(() => {
            args.contextValue.engineWork.abort()
            resolve({
              errors: [
                new GraphQLError(`Execution exceeded ${timeoutMs} ms.`, {
                  extensions: { code: 'TIMEOUT', http: { status: httpStatusOf.TIMEOUT } },
                }),
              ],
            })
          }, timeoutMs)
        })
        try {
          return await Promise.race([executeFn(args), timeout])
        } finally {
          clearTimeout(timer)
        }
      })
    },
  }
}
