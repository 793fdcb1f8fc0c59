import type { Plugin } from '@envelop/core'
import type { GraphQLError } from 'graphql'
import { codedInputError, rewriteInputError } from '../schema/input-errors.js'

/**
 * Gives graphql-js's own validation errors about input values a code and a short message
 * (`INVALID_INT` for `maxAgeSeconds: 1e20`, `BAD_USER_INPUT` naming the valid values of an enum,
 * a scalar's own code and truncated message): see `rewriteInputError`. Other validation errors pass.
 *
 * @example
 * createYoga({ schema, plugins: [useInputErrors()] })
 */
export function useInputErrors(): Plugin {
  return {
    onValidate() {
      return ({ valid, result, setResult }) => {
        if (valid) return
        setResult(
          result.map((error: unknown) => {
            // Duck-typed: yoga and Pothos may each load their own copy of graphql.
            if (!(error instanceof Error) || !('extensions' in error)) return error
            const rewritten = rewriteInputError(error as GraphQLError)
            return rewritten ? codedInputError(rewritten, error as GraphQLError) : error
          }),
        )
      }
    },
  }
}
