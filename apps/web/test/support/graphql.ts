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
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: print(document), variables }),
  })
  const body = (await response.json()) as { data?: Result; errors?: unknown[] }
  if (body.errors || !body.data) throw new Error(`GraphQL error: ${JSON.stringify(body.errors)}`)
  return body.data
}
