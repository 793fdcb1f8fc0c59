import type { Plugin } from '@envelop/core'
import { GraphQLError } from 'graphql'
import { httpStatusOf } from '../errors.js'
import { createWorkEstimator, type WorkEstimateArgs, type WorkEstimator } from './work-estimate.js'

/**
 * Refuses a request whose estimated engine work ({@link estimateWork}: wallets × reports × model
 * units, every alias counted) is over `maxWork`, before anything runs: `QUERY_TOO_COSTLY` (400)
 * with the estimate. Subscriptions are charged the same at subscribe time.
 *
 * @example
 * createYoga({ schema, plugins: [useWorkBudget({ maxWork: 3_000 })] })
 */
export function useWorkBudget(parameters: {
  maxWork: number
  estimator?: WorkEstimator | undefined
}): Plugin {
  const { maxWork } = parameters
  const estimator = parameters.estimator ?? createWorkEstimator({})
  const refusal = async (args: WorkEstimateArgs) => {
    const work = await estimator.estimate(args)
    if (work <= maxWork) return undefined
    return {
      errors: [
        new GraphQLError(
          `This request would cost about ${work} work units, over the limit of ${maxWork} (one wallet's portfolio report is 1 unit per started 4 positions, ES 100×, a cascade 1 + 1 per started 4 rounds per wallet; every alias counts): ask for fewer wallets, aliases, rounds or a lighter model.`,
          { extensions: { code: 'QUERY_TOO_COSTLY', http: { status: httpStatusOf.QUERY_TOO_COSTLY } } },
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
