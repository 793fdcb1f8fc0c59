/**
 * POSTs a GraphQL query to a running API and returns `data` (throws on errors).
 *
 * @example
 * const { margin } = await gql<{ margin: { status: string } }>(url, '{ margin(addresses: ["0x…"]) { status } }')
 */
export async function gql<T>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query, variables }),
  })
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] }
  if (body.errors?.length) throw new Error(`GraphQL: ${body.errors.map((e) => e.message).join('; ')}`)
  return body.data as T
}
