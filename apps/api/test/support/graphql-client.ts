import { print } from 'graphql'
import type { TypedDocument } from '../../src/graphql/graphql.js'

/** A GraphQL response as the tests read it. */
export type GraphQLResponse<T = Record<string, unknown>> = {
  status: number
  data?: T | null
  errors?: { message: string; extensions?: { code?: string } }[]
}

/**
 * POSTs a GraphQL request over real HTTP and returns the status and JSON body. A typed document
 * (`graphql()`, checked against the committed SDL) gives `data` its inferred result type; a string
 * query (for requests the schema must reject) takes the type as an argument.
 *
 * @example
 * const { data } = await gql(url, graphql(`query { __typename }`), {})
 * const bad = await gql(url, '{ margin(addresses: ["0x1"]) { status } }')
 */
export async function gql<Result, Variables>(
  url: string,
  document: TypedDocument<Result, Variables>,
  variables: Variables,
  headers?: Record<string, string>,
): Promise<GraphQLResponse<Result>>
export async function gql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers?: Record<string, string>,
): Promise<GraphQLResponse<T>>
export async function gql(
  url: string,
  query: string | TypedDocument<unknown, unknown>,
  variables?: unknown,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<unknown>> {
  const response = await fetch(url, {
    method: 'POST',
    // One connection per request: a pooled keep-alive connection that the server closes at its
    // keepAliveTimeout (5 s) while a busy machine delays the client fails a POST with "other side
    // closed" (seen in init-from-devnet). These tests do not test connection reuse.
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      connection: 'close',
      ...headers,
    },
    body: JSON.stringify({ query: typeof query === 'string' ? query : print(query), variables }),
  })
  const body = (await response.json()) as Omit<GraphQLResponse<unknown>, 'status'>
  return { status: response.status, ...body }
}

/** The codes of a response's errors. */
export const codes = (response: GraphQLResponse<unknown>) =>
  (response.errors ?? []).map((e) => e.extensions?.code)
