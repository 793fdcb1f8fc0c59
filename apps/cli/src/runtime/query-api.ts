import {
  type ApiErrorCode,
  type CreateApiServerReturnType,
  httpStatusOf,
  type TypedDocument,
} from '@xmargin/api'
import { print } from 'graphql'
import { CliError, type ExitCode, exitCodes } from '../errors.js'

/** Parameters of {@link queryApi}: a typed document and its variables. */
export type QueryApiParameters<Result, Variables> = {
  api: Pick<CreateApiServerReturnType, 'yoga'>
  document: TypedDocument<Result, Variables>
  variables: Variables
}

/**
 * Runs one GraphQL operation on the API in this process (no port opened): the CLI's reports are
 * the API's own answers, built by the same resolvers. The result type is the document's, inferred
 * from the committed SDL (`graphql()` from `@xmargin/api`). GraphQL errors become a
 * {@link CliError} with the API's code and the exit code of {@link exitCodeOfApiError}.
 *
 * @example
 * const { margin } = await queryApi({ api, document: marginQueryDocument, variables: { addresses } })
 */
export async function queryApi<Result, Variables>(
  parameters: QueryApiParameters<Result, Variables>,
): Promise<Result> {
  const response = await parameters.api.yoga.fetch('http://xmargin.local/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query: print(parameters.document), variables: parameters.variables }),
  })
  // The one trust boundary: the API answers this document, so `data` has the document's result type.
  const body = (await response.json()) as {
    data?: Result | null
    errors?: { message: string; extensions?: { code?: string } }[]
  }
  const error = body.errors?.[0]
  if (error) {
    const code = error.extensions?.code
    throw new CliError(`${code ? `${code}: ` : ''}${error.message}`, {
      exitCode: exitCodeOfApiError(code),
    })
  }
  if (!body.data) throw new CliError(`The API answered HTTP ${response.status} without data.`)
  return body.data
}

/**
 * The CLI exit code of an API error code: `STALE_DATA` and `INSUFFICIENT_HISTORY` are 4 (the data
 * cannot be trusted, or is not there, yet); a
 * client error the API answers with HTTP 400 (`INVALID_ADDRESS`, `UNKNOWN_FACTOR`, `OUT_OF_RANGE`, …:
 * what the user typed) is 2, bad usage; anything else is 1.
 *
 * @example
 * exitCodeOfApiError('INVALID_ADDRESS') // 2
 */
export function exitCodeOfApiError(code: string | undefined): ExitCode {
  if (code === 'STALE_DATA' || code === 'INSUFFICIENT_HISTORY') return exitCodes.unavailable
  if (code !== undefined && httpStatusOf[code as ApiErrorCode] === 400) return exitCodes.usage
  return exitCodes.failure
}
