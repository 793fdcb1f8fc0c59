import type { TypedDocument } from '@xmargin/api'
import { print } from 'graphql'

/**
 * POSTs a typed document (`graphql()` from `@xmargin/api`, checked against the committed SDL) to a
 * running API and returns `data` with the document's result type (throws on errors).
 *
 * @example
 * const { margin } = await gql(url, marginQueryDocument, { addresses: ['0x…'] })
 */
export async function gql<Result, Variables>(
  url: string,
  document: TypedDocument<Result, Variables>,
  variables: Variables,
  headers: Record<string, string> = {},
): Promise<Result> {
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
    body: JSON.stringify({ query: print(document), variables }),
  })
  // The trust boundary: the API answers this document, so `data` has its result type.
  const body = (await response.json()) as { data?: Result; errors?: { message: string }[] }
  if (body.errors?.length) throw new Error(`GraphQL: ${body.errors.map((e) => e.message).join('; ')}`)
  if (!body.data) throw new Error(`GraphQL: HTTP ${response.status} without data`)
  return body.data
}
