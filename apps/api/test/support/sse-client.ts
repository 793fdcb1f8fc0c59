import { readSseEvents } from '../../src/sse-events.js'

/** A subscription read over SSE (yoga's default transport), one `next` event at a time. */
export type SseStream<T> = {
  next: () => Promise<{ data?: T; errors?: { message: string; extensions?: { code?: string } }[] }>
  close: () => void
}

/**
 * Opens a GraphQL subscription with `accept: text/event-stream` and parses its `next` events.
 *
 * @example
 * const stream = await readSse(url, 'subscription { marginUpdated(addresses: ["0x…"]) { status } }')
 * const { data } = await stream.next()
 */
export async function readSse<T>(
  url: string,
  query: string,
  timeoutMs = 20_000,
  variables?: Record<string, unknown>,
): Promise<SseStream<T>> {
  const controller = new AbortController()
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query, variables }),
    signal: controller.signal,
  })
  if (!response.ok || !response.body) throw new Error(`SSE request failed: ${response.status}`)
  const events = readSseEvents(response)
  const opened = Date.now()
  /** What the stream carried so far (event names and the start of their data), for a failure's message. */
  const seen: string[] = []
  const history = () => `after ${Date.now() - opened} ms; events so far: ${seen.join(' | ') || 'none'}`
  return {
    async next() {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        if (Date.now() > deadline) throw new Error(`no SSE event in time, ${history()}`)
        const read = await events.next()
        if (read.done) throw new Error(`SSE stream ended, ${history()}`)
        const { event, data } = read.value
        seen.push(`${event}${data ? ` ${data.slice(0, 160)}` : ''}`)
        if (event === 'next' && data) return JSON.parse(data)
        if (event === 'complete') throw new Error(`subscription completed, ${history()}`)
      }
    },
    close: () => controller.abort(),
  }
}
