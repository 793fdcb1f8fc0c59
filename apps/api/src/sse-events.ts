/**
 * The API's subscriptions travel over server-sent events (graphql-yoga's default transport): this
 * module reads them, for every client of the API (the dashboard, and the tests of the API and the
 * CLI). It imports nothing, so it runs in a browser as in Node.
 */

/** One server-sent event: its `event:` field (undefined when it has none) and its `data:` lines joined. */
export type SseEvent = { event: string | undefined; data: string }

/** The value of a field line (`name: value`): one space after the colon is not part of it. */
const fieldValue = (line: string, name: string) => line.slice(name.length + 1).replace(/^ /, '')

/**
 * Responses whose bodies are being read, held until their reading ends. Nothing else may refer to
 * a response while its body is read (a caller keeps only the events), and a collected response
 * can take its body with it: an SSE test stream ended with no event that way in a busy run.
 */
const reading = new Set<Response>()

/**
 * Reads a `text/event-stream` response's body as events, in order: each block up to a blank line is one
 * event. Comment lines (`: ping`) and other fields are skipped, an event with neither `event:`
 * nor `data:` is not yielded, and the events end when the body ends. Lines end with `\n` (the
 * API's server writes no `\r`).
 *
 * @example
 * for await (const { event, data } of readSseEvents(response)) {
 *   if (event === 'next') handle(JSON.parse(data))
 * }
 */
export async function* readSseEvents(response: Response): AsyncGenerator<SseEvent, void> {
  if (!response.body) throw new Error('readSseEvents: the response has no body')
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
  reading.add(response)
  let buffer = ''
  try {
    for (;;) {
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const lines = buffer.slice(0, end).split('\n')
        buffer = buffer.slice(end + 2)
        const event = lines.find((l) => l.startsWith('event:'))
        const data = lines.filter((l) => l.startsWith('data:'))
        if (event === undefined && data.length === 0) continue
        yield {
          event: event === undefined ? undefined : fieldValue(event, 'event'),
          data: data.map((l) => fieldValue(l, 'data')).join('\n'),
        }
      }
      const chunk = await reader.read()
      if (chunk.done) return
      buffer += chunk.value
    }
  } finally {
    reader.releaseLock()
    reading.delete(response)
  }
}
