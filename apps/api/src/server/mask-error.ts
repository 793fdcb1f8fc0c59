import { GraphQLError } from 'graphql'
import { ApiError, type ApiErrorCode, clientErrorCode, httpStatusOf, RetryLaterError } from '../errors.js'
import { codedInputError, rewriteInputError } from '../schema/input-errors.js'

/** Rejections of graphql-armor, recognised by their message, and the code each gets. */
const armorCodes: readonly [RegExp, ApiErrorCode][] = [
  [/depth limit/i, 'QUERY_TOO_DEEP'],
  [/token limit/i, 'TOO_MANY_TOKENS'],
  [/aliases limit/i, 'TOO_MANY_ALIASES'],
  [/directives limit/i, 'TOO_MANY_DIRECTIVES'],
  [/cost limit/i, 'QUERY_TOO_COSTLY'],
]

function coded(
  code: ApiErrorCode,
  message: string,
  from?: GraphQLError,
  retryAfterSeconds?: number,
): GraphQLError {
  const retry = retryAfterSeconds === undefined ? undefined : String(retryAfterSeconds)
  return new GraphQLError(message, {
    nodes: from?.nodes,
    source: from?.source,
    positions: from?.positions,
    path: from?.path,
    extensions: {
      code,
      ...(retry === undefined ? {} : { retryAfterSeconds }),
      http: {
        status: httpStatusOf[code],
        ...(retry === undefined ? {} : { headers: { 'retry-after': retry } }),
      },
    },
  })
}

const retryAfterOf = (error: ApiError) =>
  error instanceof RetryLaterError ? error.retryAfterSeconds : undefined

/**
 * Yoga's `maskError`: keeps coded errors (ours, the scalars', the armor limits with a code added),
 * keeps GraphQL's own syntax and validation errors, and replaces everything else with a bare
 * `INTERNAL_SERVER_ERROR` (the original is logged by yoga, never sent).
 *
 * @example
 * createYoga({ schema, maskedErrors: { maskError } })
 */
export function maskError(error: unknown, message: string): Error {
  if (error instanceof ApiError) return coded(error.code, error.shortMessage, undefined, retryAfterOf(error))
  if (isGraphQLErrorLike(error)) {
    const original = error.originalError
    if (original instanceof ApiError)
      return coded(original.code, original.shortMessage, error, retryAfterOf(original))
    if (original === undefined || original === null || isGraphQLErrorLike(original)) {
      // graphql-js's own input coercion errors: a code and a short message (no full echo).
      const input = rewriteInputError(error)
      if (input) return codedInputError(input, error)
      // Armor reports its limits as syntax errors (yoga codes them GRAPHQL_PARSE_FAILED): give them their own code.
      const armor = armorCodes.find(([pattern]) => pattern.test(error.message))
      if (armor) return coded(armor[1], error.message.replace(/^Syntax Error: /, ''), error)
      return error
    }
  }
  return coded('INTERNAL_SERVER_ERROR', message)
}

/**
 * Duck-typed `instanceof GraphQLError`: yoga, Pothos and this package may each load their own copy of
 * `graphql` (ESM and CJS builds), so a class check can miss a real GraphQL error.
 */
function isGraphQLErrorLike(value: unknown): value is GraphQLError {
  return (
    value instanceof GraphQLError ||
    (value instanceof Error &&
      'extensions' in value &&
      'locations' in value &&
      'path' in value &&
      'nodes' in value)
  )
}

/**
 * The 4xx code a client gets for this error once masked, or null when it is unexpected (a 5xx or
 * masked): what the server logs at info instead of error.
 *
 * @example
 * clientCodeOf(new ApiError('UNKNOWN_CHAIN', 'Chain 5 is not indexed.')) // 'UNKNOWN_CHAIN'
 */
export function clientCodeOf(error: unknown): ApiErrorCode | null {
  return clientErrorCode(maskError(error, ''))
}
