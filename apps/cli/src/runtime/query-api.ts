import type { CreateApiServerReturnType } from '@xmargin/api'
import { CliError, exitCodes } from '../errors.js'

/** Parameters of {@link queryApi}. */
export type QueryApiParameters = {
  api: Pick<CreateApiServerReturnType, 'yoga'>
  query: string
  variables?: Record<string, unknown> | undefined
}

/**
 * Runs one GraphQL operation on the API in this process (no port opened): the CLI's reports are
 * the API's own answers, built by the same resolvers. GraphQL errors become a {@link CliError}
 * with the API's code.
 *
 * @example
 * const { margin } = await queryApi<{ margin: MarginReportJson }>({ api, query: marginQueryDocument, variables: { addresses } })
 */
export async function queryApi<T>(parameters: QueryApiParameters): Promise<T> {
  const response = await parameters.api.yoga.fetch('http://xmargin.local/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query: parameters.query, variables: parameters.variables ?? {} }),
  })
  const body = (await response.json()) as {
    data?: T | null
    errors?: { message: string; extensions?: { code?: string } }[]
  }
  const error = body.errors?.[0]
  if (error) {
    const code = error.extensions?.code
    throw new CliError(`${code ? `${code}: ` : ''}${error.message}`, {
      exitCode: code === 'STALE_DATA' ? exitCodes.unavailable : exitCodes.failure,
    })
  }
  if (!body.data) throw new CliError(`The API answered HTTP ${response.status} without data.`)
  return body.data
}
