import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A JSON-RPC pass-through that counts requests by method and can hold every request for a while. */
export type RpcGate = {
  url: string
  /** Requests received so far with this JSON-RPC method (held ones included). */
  count: (method: string) => number
  /** From now on, requests wait (unanswered, not forwarded) until `release()`. */
  hold: () => void
  /** Forwards the held requests and every later one. */
  release: () => void
  close: () => Promise<void>
}

/**
 * Starts an {@link RpcGate} in front of `upstream` on a free port. `onRequest` runs as each
 * request arrives, before it is forwarded (or held), so a test can act at an exact request.
 *
 * @example
 * const gate = await startRpcGate({ upstream: chain.rpcUrl, onRequest: (method, n) => {} })
 */
export async function startRpcGate(parameters: {
  upstream: string
  onRequest?: ((method: string, count: number) => void) | undefined
}): Promise<RpcGate> {
  const counts = new Map<string, number>()
  let held: (() => void)[] | undefined
  const server = createServer((request, response) => {
    forward(request, response).catch(() => {
      if (!response.headersSent) response.destroy()
    })
  })
  async function forward(request: IncomingMessage, response: ServerResponse) {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks).toString('utf8')
    const parsed = JSON.parse(body) as { method: string } | { method: string }[]
    for (const { method } of Array.isArray(parsed) ? parsed : [parsed]) {
      counts.set(method, (counts.get(method) ?? 0) + 1)
      parameters.onRequest?.(method, counts.get(method) ?? 0)
    }
    const queue = held
    if (queue) await new Promise<void>((resolve) => queue.push(resolve))
    const upstream = await fetch(parameters.upstream, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    })
    response.writeHead(upstream.status, { 'content-type': 'application/json' })
    response.end(await upstream.text())
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    count: (method) => counts.get(method) ?? 0,
    hold: () => {
      held ??= []
    },
    release: () => {
      const queue = held ?? []
      held = undefined
      for (const resume of queue) resume()
    },
    close: async () => {
      held = undefined
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
