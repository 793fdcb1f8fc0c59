import type { TypedDocument } from '@xmargin/api'
import { readSseEvents } from '@xmargin/api/sse'
import { print } from 'graphql'

/** An open subscription: its `next` events' data in order. */
export type SseSubscription<Result> = {
  /** The next event's data (throws on an error event, a closed stream or after `timeoutMs`). */
  next: (timeoutMs?: number) => Promise<Result>
  close: () => void
}

/**
 * Opens a typed GraphQL subscription over SSE (`accept: text/event-stream`, the API's transport).
 *
 * @example
 * const sub = await subscribeSse(url, marginUpdatedDocument, { addresses })
 * const first = await sub.next()
 */
export async function subscribeSse<Result, Variables>(
  url: string,
  document: TypedDocument<Result, Variables>,
  variables: Variables,
): Promise<SseSubscription<Result>> {
  const controller = new AbortController()
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query: print(document), variables }),
    signal: controller.signal,
  })
  if (!response.ok || !response.body) throw new Error(`SSE request failed: HTTP ${response.status}`)
  const events = readSseEvents(response)
  return {
    async next(timeoutMs = 30_000) {
      const timer = setTimeout(() => controller.abort(), timeoutMs)
      try {
        for (;;) {
          const read = await events.next()
          if (read.done) throw new Error('SSE stream ended')
          const { event, data } = read.value
          if (event === 'complete') throw new Error('subscription completed')
          if (event !== 'next' || !data) continue
          const body = JSON.parse(data) as { data?: Result; errors?: { message: string }[] }
          if (body.errors?.length) throw new Error(`GraphQL: ${body.errors.map((e) => e.message).join('; ')}`)
          // The trust boundary: the API answers this document, so `data` has its result type.
          return body.data as Result
        }
      } catch (error) {
        if (controller.signal.aborted) throw new Error(`no SSE event within ${timeoutMs} ms`)
        throw error
      } finally {
        clearTimeout(timer)
      }
    },
    close: () => controller.abort(),
  }
}
