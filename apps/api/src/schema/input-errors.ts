import { type GraphQLEnumType, GraphQLError, type GraphQLNamedType, type GraphQLSchema } from 'graphql'
import { type ApiErrorCode, echo, httpStatusOf, MAX_ECHO_CHARS, validNames } from '../errors.js'

/** Enum name → its values, from the built schema (for messages naming the valid values). */
const enumValues = new Map<string, readonly string[]>()

/**
 * Records the schema's enums so that an unknown enum value can be answered with the valid ones.
 * Called by `buildSchema()`.
 *
 * @example
 * registerEnums(schema)
 */
export function registerEnums(schema: GraphQLSchema): void {
  // Duck-typed (`instanceof` can miss: Pothos and yoga may each load their own copy of graphql).
  for (const type of Object.values(schema.getTypeMap()))
    if (!type.name.startsWith('__') && isEnumLike(type))
      enumValues.set(
        type.name,
        type.getValues().map((v) => v.name),
      )
}

function isEnumLike(type: GraphQLNamedType): type is GraphQLEnumType {
  return 'getValues' in type && typeof type.getValues === 'function'
}

type ErrorLike = { message: string; originalError?: unknown; extensions?: Readonly<Record<string, unknown>> }

function codeOf(error: unknown): ApiErrorCode | null {
  const code = (error as ErrorLike | null)?.extensions?.code
  return typeof code === 'string' && code in httpStatusOf ? (code as ApiErrorCode) : null
}

/**
 * What a client sent wrong, as a coded error with a short message, for the errors graphql-js
 * writes itself while coercing inputs (which carry no code and quote the whole input value, twice
 * for a scalar's own error):
 * - a scalar's coded error (`INVALID_ADDRESS`…) keeps its code and only its own message (its echo
 *   of the value is truncated);
 * - an Int that is not a 32-bit integer (`1e20`, `1.5`) is `INVALID_INT`;
 * - an unknown enum value is `BAD_USER_INPUT` naming the valid values.
 * Returns null for anything else. Any quoted input longer than 80 characters left in a message is cut.
 *
 * @example
 * rewriteInputError(error)?.extensions.code // 'INVALID_INT'
 */
export function rewriteInputError(error: ErrorLike): { code: ApiErrorCode; message: string } | null {
  const original = error.originalError
  const originalCode = codeOf(original)
  if (originalCode && original instanceof Error)
    return { code: originalCode, message: truncateQuoted(original.message) }
  const variable = /^Variable "\$(\w+)" got invalid value/.exec(error.message)?.[1]
  const where = variable ? ` for $${variable}` : ''
  if (/Int cannot represent/.test(error.message))
    return {
      code: 'INVALID_INT',
      message: `Invalid Int${where}: expected a whole number from -2147483648 to 2147483647.`,
    }
  const enumMatch = /Value (.*) does not exist in "(\w+)" enum/.exec(error.message)
  if (enumMatch) {
    const [, value = '', name = ''] = enumMatch
    const values = enumValues.get(name)
    return {
      code: 'BAD_USER_INPUT',
      message: `Unknown ${name}${where} ${truncateQuoted(value)}; valid values: ${values ? validNames(values, 50) : '(see the schema)'}.`,
    }
  }
  return null
}

/**
 * Cuts every double-quoted run longer than 80 characters in a message to its first 80 characters.
 *
 * @example
 * truncateQuoted(`found "${'z'.repeat(500)}"`) // 'found "zzzz…"… (500 characters)'
 */
export function truncateQuoted(message: string): string {
  return message.replace(/"((?:[^"\\]|\\.)*)"/g, (quoted, inner: string) =>
    inner.length > MAX_ECHO_CHARS ? echo(inner) : quoted,
  )
}

/**
 * A `GraphQLError` for a rewritten input error, keeping the location of the one it replaces.
 *
 * @example
 * const rewritten = rewriteInputError(error)
 * if (rewritten) return codedInputError(rewritten, error)
 */
export function codedInputError(
  rewritten: { code: ApiErrorCode; message: string },
  from: GraphQLError,
): GraphQLError {
  return new GraphQLError(rewritten.message, {
    nodes: from.nodes,
    source: from.source,
    positions: from.positions,
    path: from.path,
    extensions: { code: rewritten.code, http: { status: httpStatusOf[rewritten.code] } },
  })
}
