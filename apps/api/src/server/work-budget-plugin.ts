import type { Plugin } from '@envelop/core'
import { type DocumentNode, GraphQLError } from 'graphql'
import { httpStatusOf } from '../errors.js'
import { estimateWork } from './estimate-work.js'

/**
 * Refuses a request whose estimated engine work ({@link estimateWork}: wallets × reports × model
 * units, every alias counted) is over `maxWork`, before anything runs: `QUERY_TOO_COSTLY` (400)
 * with the estimate. Subscriptions are charged the same at subscribe time.
 *
 * @example
 * createYoga({ schema, plugins: [useWorkBudget({ maxWork: 3_000 })] })
 */
export function useWorkBudget(parameters: { maxWork: number }): Plugin {
  const { maxWork } = parameters
  const refusal = (args: {
    schema: unknown
    document: unknown
    operationName?: string | null | undefined
    variableValues?: unknown
  }) => {
    const work = estimateWork({
      schema: args.schema as Parameters<typeof estimateWork>[0]['schema'],
      document: args.document as DocumentNode,
      operationName: args.operationName,
      variables: (args.variableValues ?? {}) as Record<string, unknown>,
    })
    if (work <= maxWork) return undefined
    return {
      errors: [
        new GraphQLError(
          `This request would cost about ${work} work units, over the limit of ${maxWork} (one wallet's portfolio report is 1 unit, ES 100; every alias counts): ask for fewer wallets, aliases or a lighter model.`,
          { extensions: { code: 'QUERY_TOO_COSTLY', http: { status: httpStatusOf.QUERY_TOO_COSTLY } } },
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
