import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** Faults the proxy injects, each with a probability per request (seeded, deterministic). */
export type Faults = {
  /** Never answer (the client times out). */
  timeout?: number
  /** HTTP 429 Too Many Requests. */
  rateLimit?: number
  /** HTTP 500. */
  serverError?: number
  /** A 200 whose body is not JSON. */
  malformed?: number
  /** Answer `eth_chainId` with this id instead of the upstream's. */
  wrongChainId?: number | undefined
  /** Refuse `eth_getLogs` over more blocks than this, as providers do. */
  maxLogRange?: number | undefined
}

export type FaultProxy = {
  url: string
  /** Requests seen, by JSON-RPC method. */
  counts: Map<string, number>
  setFaults: (faults: Faults) => void
  close: () => Promise<void>
}

/**
 * A JSON-RPC proxy in front of a real node that injects timeouts, 429s, 500s, malformed JSON, a
 * wrong chain id and `eth_getLogs` range limits, with a seeded PRNG so runs repeat.
 *
 * @example
 * const proxy = await startFaultProxy({ upstream: chain.rpcUrl, seed: 1 })
 * proxy.setFaults({ rateLimit: 0.2 })
 */
export async function startFaultProxy(parameters: {
  upstream: string
  seed?: number
  /**
   * Called as each request arrives, before it is answered, with its method and that method's count so
   * far; a returned promise holds the answer until it settles.
   */
  onRequest?: (method: string, count: number) => void | Promise<void>
}): Promise<FaultProxy> {
  let faults: Faults = {}
  let state = (parameters.seed ?? 1) >>> 0 || 1
  const random = () => {
    // xorshift32
    state ^= state << 13
    state >>>= 0
    state ^= state >>> 17
    state ^= state << 5
    state >>>= 0
    return state / 0x1_0000_0000
  }
  const counts = new Map<string, number>()
  const hanging = new Set<IncomingMessage>()

  const server: Server = createServer((request, response) => {
    handle(request, response).catch(() => {
      // The client gave up (timeout) or the upstream went away: nothing to answer.
      if (!response.headersSent) response.destroy()
    })
  })
  async function handle(request: IncomingMessage, response: import('node:http').ServerResponse) {
    const body = await readBody(request)
    let methods: string[] = []
    try {
      const parsed = JSON.parse(body) as { method: string } | { method: string }[]
      methods = Array.isArray(parsed) ? parsed.map((p) => p.method) : [parsed.method]
    } catch {
      methods = ['<invalid>']
    }
    for (const method of methods) {
      counts.set(method, (counts.get(method) ?? 0) + 1)
      await parameters.onRequest?.(method, counts.get(method) ?? 0)
    }

    if (faults.timeout && random() < faults.timeout) {
      hanging.add(request)
      return // never answer
    }
    if (faults.rateLimit && random() < faults.rateLimit) {
      response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '0' })
      response.end(
        JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: 429, message: 'rate limited' } }),
      )
      return
    }
    if (faults.serverError && random() < faults.serverError) {
      response.writeHead(500, { 'content-type': 'text/plain' })
      response.end('internal error')
      return
    }
    if (faults.malformed && random() < faults.malformed) {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end('{"jsonrpc":"2.0","id":1,"result":')
      return
    }
    const single = !body.trimStart().startsWith('[') ? (JSON.parse(body) as RpcRequest) : undefined
    if (single?.method === 'eth_chainId' && faults.wrongChainId !== undefined) {
      return json(response, {
        jsonrpc: '2.0',
        id: single.id,
        result: `0x${faults.wrongChainId.toString(16)}`,
      })
    }
    if (single?.method === 'eth_getLogs' && faults.maxLogRange !== undefined) {
      const filter = single.params?.[0] as { fromBlock?: string; toBlock?: string } | undefined
      if (filter?.fromBlock && filter.toBlock) {
        const span = Number(BigInt(filter.toBlock) - BigInt(filter.fromBlock)) + 1
        if (span > faults.maxLogRange) {
          return json(response, {
            jsonrpc: '2.0',
            id: single.id,
            error: { code: -32005, message: `query exceeds max block range ${faults.maxLogRange}` },
          })
        }
      }
    }
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
    counts,
    setFaults: (next) => {
      faults = next
    },
    close: async () => {
      for (const request of hanging) request.socket.destroy()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

type RpcRequest = { id: number | string; method: string; params?: unknown[] }

function json(response: import('node:http').ServerResponse, payload: unknown) {
  response.writeHead(200, { 'content-type': 'application/json' })
  response.end(JSON.stringify(payload))
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}
