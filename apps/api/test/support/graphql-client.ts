/** A GraphQL response as the tests read it. */
export type GraphQLResponse<T = Record<string, unknown>> = {
  status: number
  data?: T | null
  errors?: { message: string; extensions?: { code?: string } }[]
}

/**
 * POSTs a GraphQL request over real HTTP and returns the status and JSON body.
 *
 * @example
 * const { data } = await gql(url, '{ __typename }')
 */
export async function gql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query, variables }),
  })
  const body = (await response.json()) as Omit<GraphQLResponse<T>, 'status'>
  return { status: response.status, ...body }
}

/** The codes of a response's errors. */
export const codes = (response: GraphQLResponse<unknown>) =>
  (response.errors ?? []).map((e) => e.extensions?.code)
