import type { TypedDocument } from '@xmargin/api/graphql'
import { readSseEvents } from '@xmargin/api/sse'
import { print } from 'graphql'

/** A GraphQL error the API answered (its `extensions.code`, e.g. `INVALID_ADDRESS`, `RATE_LIMITED`), or a transport failure (`HTTP_<status>`, `NETWORK`). */
export class ApiRequestError extends Error {
  override name = 'ApiRequestError'
  readonly code: string
  constructor(message: string, code: string) {
    super(message)
    this.code = code
  }
}

type GraphQLResponse<T> = { data?: T | null; errors?: { message: string; extensions?: { code?: string } }[] }

function firstError<T>(body: GraphQLResponse<T>, status: number): ApiRequestError | undefined {
  const error = body.errors?.[0]
  if (error) return new ApiRequestError(error.message, error.extensions?.code ?? `HTTP_${status}`)
  if (body.data == null)
    return new ApiRequestError(`The API answered ${status} without data.`, `HTTP_${status}`)
  return undefined
}

/**
 * Sends a typed query to the API at `/graphql` (same origin) and returns its typed data; GraphQL
 * errors become {@link ApiRequestError}s carrying their code.
 *
 * @example
 * const { solvency } = await request(solvencyDocument, { addresses })
 */
export async function request<Result, Variables>(
  document: TypedDocument<Result, Variables>,
  variables: Variables,
  endpoint = '/graphql',
): Promise<Result> {
  let response: Response
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: print(document), variables }),
    })
  } catch (cause) {
    throw new ApiRequestError(`The API is unreachable: ${(cause as Error).message}`, 'NETWORK')
  }
  const body = (await response.json()) as GraphQLResponse<Result>
  const error = firstError(body, response.status)
  if (error) throw error
  return body.data as Result
}

/** Callbacks of {@link subscribe}. */
export type SubscribeHandlers<Result> = {
  next: (data: Result) => void
  error: (error: ApiRequestError) => void
}

/**
 * Opens a typed subscription over SSE (`accept: text/event-stream`, the API's transport) and calls
 * `next` with each event's data; no polling. Returns a function that closes the stream.
 *
 * @example
 * const close = subscribe(marginUpdatedDocument, { addresses }, { next: render, error: show })
 */
export function subscribe<Result, Variables>(
  document: TypedDocument<Result, Variables>,
  variables: Variables,
  handlers: SubscribeHandlers<Result>,
  endpoint = '/graphql',
): () => void {
  const controller = new AbortController()
  const run = async () => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: print(document), variables }),
      signal: controller.signal,
    })
    if (!response.ok || !response.body) {
      const text = await response.text()
      let error = new ApiRequestError(`Subscription refused (${response.status}).`, `HTTP_${response.status}`)
      try {
        error = firstError(JSON.parse(text) as GraphQLResponse<Result>, response.status) ?? error
      } catch {
        // not JSON: keep the status
      }
      throw error
    }
    for await (const { event, data } of readSseEvents(response)) {
      if (event === 'complete') throw new ApiRequestError('The live stream completed.', 'STREAM_ENDED')
      if (event !== 'next' || !data) continue
      const body = JSON.parse(data) as GraphQLResponse<Result>
      const error = firstError(body, 200)
      if (error) throw error
      handlers.next(body.data as Result)
    }
    throw new ApiRequestError('The live stream ended.', 'STREAM_ENDED')
  }
  run().catch((error: unknown) => {
    if (controller.signal.aborted) return
    handlers.error(
      error instanceof ApiRequestError
        ? error
        : new ApiRequestError(String((error as Error).message), 'NETWORK'),
    )
  })
  return () => controller.abort()
}
