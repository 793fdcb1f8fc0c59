import {
  type ApiErrorCode,
  checkResult,
  httpStatusOf,
  ResultShapeError,
  type TypedDocument,
} from '@xmargin/api'
import { print } from 'graphql'
import { CliError, type ExitCode, exitCodes } from '../errors.js'

/** Parameters of {@link queryApi}: a typed document and its variables. */
export type QueryApiParameters<Result, Variables> = {
  /** The API in this process (`createApiServer`): only its yoga's `fetch` is used. */
  api: { yoga: { fetch: (url: string, init: RequestInit) => Response | Promise<Response> } }
  document: TypedDocument<Result, Variables>
  variables: Variables
}

/**
 * Runs one GraphQL operation on the API in this process (no port opened): the CLI's reports are
 * the API's own answers, built by the same resolvers. The result type is the document's, inferred
 * from the committed SDL (`graphql()` from `@xmargin/api`), and the answer is held to it at run
 * time (`checkResult`: the document's selections against the committed schema), so an answer of
 * another shape is a {@link CliError} naming the field, never a silent cast. GraphQL errors become
 * a {@link CliError} with the API's code and the exit code of {@link exitCodeOfApiError}.
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
  const body: unknown = await response.json()
  const error = firstError(body)
  if (error) {
    const { code } = error
    throw new CliError(`${code ? `${code}: ` : ''}${error.message}`, {
      exitCode: exitCodeOfApiError(code),
    })
  }
  const data = isRecord(body) ? body.data : undefined
  if (data === undefined || data === null)
    throw new CliError(`The API answered HTTP ${response.status} without data.`)
  try {
    return checkResult({ document: parameters.document, data })
  } catch (cause) {
    if (!(cause instanceof ResultShapeError)) throw cause
    throw new CliError(cause.shortMessage, { cause })
  }
}

/** The first GraphQL error of an answer (`errors[0]`: its message and `extensions.code`), if any. */
function firstError(body: unknown): { message: string; code: string | undefined } | undefined {
  const errors = isRecord(body) ? body.errors : undefined
  if (errors === undefined) return undefined
  const [error] = Array.isArray(errors) ? errors : []
  if (!isRecord(error) || typeof error.message !== 'string')
    throw new CliError('The API answered with errors not in the GraphQL response format.')
  const code = isRecord(error.extensions) ? error.extensions.code : undefined
  return { message: error.message, code: typeof code === 'string' ? code : undefined }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * The CLI exit code of an API error code: `STALE_DATA`, `INSUFFICIENT_HISTORY` and
 * `INSUFFICIENT_LIQUIDITY_DATA` are 4 (the data
 * cannot be trusted, or is not there, yet); a
 * client error the API answers with HTTP 400 (`INVALID_ADDRESS`, `UNKNOWN_FACTOR`, `OUT_OF_RANGE`, …:
 * what the user typed) is 2, bad usage; anything else is 1.
 *
 * @example
 * exitCodeOfApiError('INVALID_ADDRESS') // 2
 */
export function exitCodeOfApiError(code: string | undefined): ExitCode {
  if (code === 'STALE_DATA' || code === 'INSUFFICIENT_HISTORY' || code === 'INSUFFICIENT_LIQUIDITY_DATA')
    return exitCodes.unavailable
  if (code !== undefined && isApiErrorCode(code) && httpStatusOf[code] === 400) return exitCodes.usage
  return exitCodes.failure
}

const isApiErrorCode = (code: string): code is ApiErrorCode => Object.hasOwn(httpStatusOf, code)
