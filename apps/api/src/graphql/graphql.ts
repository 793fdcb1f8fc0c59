import { type DocumentDecoration, initGraphQLTada } from 'gql.tada'
import type { DocumentNode } from 'graphql'
import type { introspection } from './graphql-env.js'

/**
 * The `graphql()` tag for documents against this API's schema: gql.tada infers each document's
 * result and variables from the introspection generated from `schema.graphql`
 * (`pnpm --filter @xmargin/api schema`), so a client never writes (or casts to) a result type by
 * hand. The scalars are their JSON form: addresses, big integers and decimals are strings.
 *
 * @example
 * const ping = graphql(`query { __typename }`)
 * type Ping = ResultOf<typeof ping> // { __typename: 'Query' }
 */
export const graphql = initGraphQLTada<{
  introspection: introspection
  /** Fragments are reused selections here, not components' private data: spread them unmasked. */
  disableMasking: true
  scalars: { [name in keyof typeof customScalarJson]: JsonTypeOf<(typeof customScalarJson)[name]> }
}>()

/**
 * The JSON form of each custom scalar of the schema: addresses, big integers and decimals are
 * strings on the wire. The one source of the documents' scalar types (above) and of the runtime
 * check of an answer (`checkResult`).
 */
export const customScalarJson = { Address: 'string', BigInt: 'string', Decimal: 'string' } as const

/** A JSON type's name (`typeof` of the value) → its TypeScript type. */
type JsonTypeOf<T extends 'string' | 'number' | 'boolean'> = T extends 'string'
  ? string
  : T extends 'number'
    ? number
    : boolean

/** A parsed document that carries its result and variables types (any {@link graphql} document). */
export type TypedDocument<Result, Variables> = DocumentNode & DocumentDecoration<Result, Variables>

export type { ResultOf, VariablesOf } from 'gql.tada'
