import type { TypedDocument } from '@xmargin/api'
import { print } from 'graphql'

/**
 * POSTs a GraphQL operation to a running API and returns `data` (throws on errors). A typed
 * document (`graphql()` from `@xmargin/api`) gives the result type inferred from the SDL; a string
 * query takes it as a type argument.
 *
 * @example
 * const { margin } = await gql(url, marginQueryDocument, { addresses: ['0x…'] })
 * const { chain } = await gql<{ chain: { indexedBlock: string | null } }>(url, '{ chain(chainId: 1) { indexedBlock } }')
 */
export async function gql<Result, Variables>(
  url: string,
  document: TypedDocument<Result, Variables>,
  variables: Variables,
  headers?: Record<string, string>,
): Promise<Result>
export async function gql<T>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers?: Record<string, string>,
): Promise<T>
export async function gql(
  url: string,
  query: string | TypedDocument<unknown, unknown>,
  variables: unknown = {},
  headers: Record<string, string> = {},
): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query: typeof query === 'string' ? query : print(query), variables }),
  })
  const body = (await response.json()) as { data?: unknown; errors?: { message: string }[] }
  if (body.errors?.length) throw new Error(`GraphQL: ${body.errors.map((e) => e.message).join('; ')}`)
  return body.data
}
