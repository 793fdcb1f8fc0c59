import type { Plugin } from '@envelop/core'
import { type DocumentNode, Kind, type OperationDefinitionNode } from 'graphql'
import type { Logger } from 'pino'

/**
 * Logs one line per executed operation with stable keys: `operation_name`, `operation_type`,
 * `duration_ms`, `error_codes`.
 *
 * @example
 * createYoga({ schema, plugins: [useOperationLog({ logger })] })
 */
export function useOperationLog(parameters: { logger: Logger }): Plugin {
  const { logger } = parameters
  return {
    onExecute({ args }) {
      const started = performance.now()
      const operation = (args.document as DocumentNode).definitions.find(
        (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
      )
      return {
        onExecuteDone({ result }) {
          const errors = 'errors' in result && Array.isArray(result.errors) ? result.errors : []
          logger.info(
            {
              operation_name: args.operationName ?? operation?.name?.value ?? null,
              operation_type: operation?.operation ?? null,
              duration_ms: Math.round((performance.now() - started) * 100) / 100,
              error_codes: errors.map((e: { extensions?: { code?: unknown } }) => e.extensions?.code ?? null),
            },
            'graphql operation',
          )
        },
      }
    },
  }
}
