import { describe, expect, it } from 'vitest'
import { readSseEvents, type SseEvent } from './sse-events.js'

/** A body that arrives in these chunks (split anywhere, as a network splits it). */
const body = (...chunks: string[]) =>
  new ReadableStream<Uint8Array<ArrayBuffer>>({
    start(controller) {
      for (const c of chunks) controller.enqueue(new TextEncoder().encode(c))
      controller.close()
    },
  })

const all = async (stream: ReadableStream<Uint8Array<ArrayBuffer>>) => {
  const events: SseEvent[] = []
  for await (const e of readSseEvents(new Response(stream))) events.push(e)
  return events
}

describe('readSseEvents()', () => {
  it('refuses a response with no body', async () => {
    await expect(readSseEvents(new Response(null)).next()).rejects.toThrow('the response has no body')
  })

  it('reads each block up to a blank line as one event, however the chunks split it', async () => {
    const text =
      'event: next\ndata: {"data":{"a":1}}\n\nevent: next\ndata: {"data":{"a":2}}\n\nevent: complete\ndata:\n\n'
    const want = [
      { event: 'next', data: '{"data":{"a":1}}' },
      { event: 'next', data: '{"data":{"a":2}}' },
      { event: 'complete', data: '' },
    ]
    expect(await all(body(text))).toEqual(want)
    // One byte at a time, and cut through a "\n\n".
    expect(await all(body(...text.split('')))).toEqual(want)
    expect(await all(body(text.slice(0, 35), text.slice(35)))).toEqual(want)
  })
  it("joins an event's data lines, takes one space after the colon off, and skips comments", async () => {
    expect(
      await all(body(':\n\n: ping\n\nid: 7\ndata:  two spaces\ndata:x\n\nevent:next\ndata: 1\n\n')),
    ).toEqual([
      { event: undefined, data: ' two spaces\nx' },
      { event: 'next', data: '1' },
    ])
  })
  it('ends with the body, an unterminated last block not being an event', async () => {
    expect(await all(body('event: next\ndata: 1\n\nevent: next\ndata: 2'))).toEqual([
      { event: 'next', data: '1' },
    ])
    expect(await all(body())).toEqual([])
  })
})
