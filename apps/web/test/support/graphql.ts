import type { TypedDocument } from '@xmargin/api/graphql'
import { print } from 'graphql'

/**
 * Sends a typed document to the API from the test (not through the page) and returns its data.
 *
 * @example
 * const { margin } = await gql(dev.graphql, marginQueryDocument, { addresses })
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
    headers: { 'content-type': 'application/json', connection: 'close', ...headers },
    body: JSON.stringify({ query: print(document), variables }),
  })
  const body = (await response.json()) as { data?: Result; errors?: unknown[] }
  if (body.errors || !body.data) throw new Error(`GraphQL error: ${JSON.stringify(body.errors)}`)
  return body.data
}
