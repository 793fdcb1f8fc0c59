import type { Plugin } from '@envelop/core'
import { type ASTVisitor, GraphQLError, type ValidationContext } from 'graphql'
import { httpStatusOf } from '../errors.js'

/** A validation rule refusing `__schema` and `__type` (`__typename` stays allowed). */
function noIntrospection(context: ValidationContext): ASTVisitor {
  return {
    Field(node) {
      const name = node.name.value
      if (name !== '__schema' && name !== '__type') return
      context.reportError(
        new GraphQLError(`Introspection (${name}) is disabled on this server.`, {
          nodes: node,
          extensions: {
            code: 'INTROSPECTION_DISABLED',
            http: { status: httpStatusOf.INTROSPECTION_DISABLED },
          },
        }),
      )
    },
  }
}

/**
 * Refuses introspection queries with `INTROSPECTION_DISABLED` (400): the schema is published as
 * `apps/api/schema.graphql`, not served to anyone who asks. Used outside development unless the
 * config allows introspection.
 *
 * @example
 * createYoga({ schema, plugins: introspection ? [] : [useNoIntrospection()] })
 */
export function useNoIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(noIntrospection)
    },
  }
}
