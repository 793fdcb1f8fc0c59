import { connect, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createApiServer } from '../src/create-api-server.js'
import { ApiSettingsError } from '../src/errors.js'
import { codes, gql } from './support/graphql-client.js'
import { readSse } from './support/sse-client.js'
import {
  type ApiFixture,
  commitFixtureBlock,
  fixtureChains,
  startApiFixture,
  wallets,
} from './support/store-fixture.js'

const fixtures: ApiFixture[] = []
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((f) => f.close()))
})
const start = async (overrides: Parameters<typeof startApiFixture>[0] = {}) => {
  const fixture = await startApiFixture(overrides)
  fixtures.push(fixture)
  return fixture
}

const corsHeaders = (response: Response) =>
  [...response.headers.keys()].filter((name) => name.startsWith('access-control-'))

const preflight = (url: string, origin: string) =>
  fetch(url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type, authorization',
    },
  })

describe('CORS', () => {
  it('is off by default: no access-control header for any origin, on a preflight or a POST', async () => {
    const f = await start()
    expect(corsHeaders(await preflight(f.url, 'https://evil.example'))).toEqual([])
    const post = await fetch(f.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ query: '{ __typename }' }),
    })
    expect(post.status).toBe(200)
    expect(corsHeaders(post)).toEqual([])
  })

  it('answers a listed origin (its own origin, no credentials) and gives an unlisted one nothing', async () => {
    const f = await start({ cors: ['https://app.example'] })
    const listed = await preflight(f.url, 'https://app.example')
    expect(listed.status).toBe(204)
    expect(listed.headers.get('access-control-allow-origin')).toBe('https://app.example')
    expect(listed.headers.get('access-control-allow-methods')).toBe('GET, POST')
    expect(listed.headers.get('access-control-allow-headers')).toContain('authorization')
    expect(listed.headers.get('access-control-allow-credentials')).toBeNull()
    const unlisted = await preflight(f.url, 'https://evil.example')
    expect(corsHeaders(unlisted)).toEqual([])
    const post = await fetch(f.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ query: '{ __typename }' }),
    })
    expect(corsHeaders(post)).toEqual([])
  })
})

describe('CSRF', () => {
  const bodies: [string, string | undefined, string][] = [
    ['form-urlencoded', 'application/x-www-form-urlencoded', 'query=%7B__typename%7D'],
    ['multipart', 'multipart/form-data; boundary=x', '--x\r\n\r\n{ __typename }\r\n--x--'],
    ['text/plain', 'text/plain;charset=UTF-8', JSON.stringify({ query: '{ __typename }' })],
    ['no content type', undefined, JSON.stringify({ query: '{ __typename }' })],
  ]
  for (const [name, type, body] of bodies)
    it(`refuses a ${name} POST with 415 UNSUPPORTED_MEDIA_TYPE, executing nothing`, async () => {
      const f = await start()
      const response = await fetch(f.url, {
        method: 'POST',
        headers: { origin: 'https://evil.example', ...(type ? { 'content-type': type } : {}) },
        // A Blob without a type sends no content-type header at all.
        body: type ? body : new Blob([body]),
      })
      expect(response.status).toBe(415)
      const json = (await response.json()) as { data?: unknown; errors: { extensions: { code: string } }[] }
      expect(json.data).toBeUndefined()
      expect(json.errors[0]!.extensions.code).toBe('UNSUPPORTED_MEDIA_TYPE')
    })

  it('still serves JSON POSTs and GET queries', async () => {
    const f = await start()
    expect((await gql(f.url, '{ __typename }')).data).toEqual({ __typename: 'Query' })
    const get = await fetch(`${f.url}?query=${encodeURIComponent('{ __typename }')}`)
    expect(await get.json()).toEqual({ data: { __typename: 'Query' } })
  })
})

describe('introspection', () => {
  const schemaQuery = '{ __schema { queryType { name } } }'

  it('is refused outside development with INTROSPECTION_DISABLED (400); __typename still answers', async () => {
    const f = await start()
    const schema = await gql(f.url, schemaQuery)
    expect(codes(schema)).toEqual(['INTROSPECTION_DISABLED'])
    expect(schema.status).toBe(400)
    const type = await gql(f.url, '{ __type(name: "Query") { name } }')
    expect(codes(type)).toEqual(['INTROSPECTION_DISABLED'])
    expect((await gql(f.url, '{ __typename }')).data).toEqual({ __typename: 'Query' })
  })

  it('is served in development, or when configured', async () => {
    for (const overrides of [{ development: true }, { introspection: true }]) {
      const f = await start(overrides)
      expect((await gql(f.url, schemaQuery)).data).toEqual({ __schema: { queryType: { name: 'Query' } } })
    }
  })
})

describe('HTTP statuses and echoes', () => {
  const accepts = ['application/json', 'application/graphql-response+json', '*/*', undefined]
  const post = (url: string, body: string, accept: string | undefined) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(accept ? { accept } : {}) },
      body,
    })

  it('are the same whatever the accept header: validation, parse, unknown chain, bad JSON', async () => {
    const f = await start()
    const cases: [string, string, number][] = [
      [JSON.stringify({ query: '{ nope }' }), 'GRAPHQL_VALIDATION_FAILED', 400],
      [JSON.stringify({ query: '{ nope ' }), 'GRAPHQL_PARSE_FAILED', 400],
      [JSON.stringify({ query: '{ chain(chainId: 5) { name } }' }), 'UNKNOWN_CHAIN', 400],
      ['{"query": ', 'BAD_REQUEST', 400],
    ]
    for (const [body, code, status] of cases)
      for (const accept of accepts) {
        const response = await post(f.url, body, accept)
        expect({ accept, code, status: response.status }).toEqual({ accept, code, status })
        const json = (await response.json()) as { errors: { extensions: { code: string } }[] }
        expect(json.errors[0]!.extensions.code).toBe(code)
      }
  })

  it("does not expose the JSON parser's message", async () => {
    const f = await start()
    const response = await post(f.url, `{"query": "${'x'.repeat(1000)}`, 'application/json')
    const text = await response.text()
    expect(text).not.toMatch(/SyntaxError|Unexpected|position|originalError/i)
    expect(text.length).toBeLessThan(300)
    expect(JSON.parse(text).errors[0].message).toBe('POST body sent invalid JSON.')
  })

  it('persisted-only mode refuses a document with PERSISTED_QUERY_ONLY (400) and an unknown id with 404', async () => {
    const f = await start({ persistedOperations: { operations: {}, only: true } })
    const document = await gql(f.url, '{ __typename }')
    expect(codes(document)).toEqual(['PERSISTED_QUERY_ONLY'])
    expect(document.status).toBe(400)
    const unknown = await post(
      f.url,
      JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } }),
      'application/json',
    )
    expect(unknown.status).toBe(404)
  })
})

/** Writes raw bytes on a socket and resolves when the server closes it, with what it answered. */
function rawRequest(url: string, head: string, body: string) {
  const { hostname, port } = new URL(url)
  const socket: Socket = connect(Number(port), hostname)
  let received = ''
  socket.setEncoding('utf8')
  socket.on('data', (chunk: string) => {
    received += chunk
  })
  socket.write(head + body)
  const closed = new Promise<{ received: string; at: number }>((resolve) => {
    socket.on('close', () => resolve({ received, at: performance.now() }))
    socket.on('error', () => undefined)
  })
  return { socket, closed }
}

describe('slow clients and connections', () => {
  it('cuts a POST that promises 5,000 bytes and sends fewer at requestTimeoutMs (408)', async () => {
    const f = await start({ limits: { headersTimeoutMs: 400, requestTimeoutMs: 800 } })
    const started = performance.now()
    const { closed } = rawRequest(
      f.url,
      'POST /graphql HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: 5000\r\n\r\n',
      '{"query": "{ __typename',
    )
    const { received, at } = await closed
    expect(received).toMatch(/^HTTP\/1\.1 408/)
    // 800 ms plus Node's check interval (a quarter of the shorter timeout): far from Node's 300 s.
    expect(at - started).toBeGreaterThanOrEqual(700)
    expect(at - started).toBeLessThan(3000)
  })

  it('cuts a client that never finishes its headers at headersTimeoutMs', async () => {
    const f = await start({ limits: { headersTimeoutMs: 400, requestTimeoutMs: 800 } })
    const started = performance.now()
    const { closed } = rawRequest(f.url, 'POST /graphql HTTP/1.1\r\nHost: x\r\n', '')
    const { at } = await closed
    expect(at - started).toBeLessThan(2000)
  })

  it('does not cut an SSE subscription that outlives requestTimeoutMs', async () => {
    const f = await start({ limits: { headersTimeoutMs: 200, requestTimeoutMs: 300 } })
    const stream = await readSse<{ marginUpdated: { equity: string } }>(
      f.url,
      `subscription { marginUpdated(addresses: ["${wallets.risky}"]) { equity } }`,
    )
    try {
      expect((await stream.next()).data!.marginUpdated.equity).toBe('5000.00')
      await new Promise((resolve) => setTimeout(resolve, 1000))
      await commitFixtureBlock(f.store, 42161, 2, 2600n)
      f.blockEvents.emit({ chainId: 42161, blockNumber: 2n })
      expect((await stream.next()).data!.marginUpdated.equity).toBe('1000.00')
    } finally {
      stream.close()
    }
  })

  it('refuses connections past maxConnections', async () => {
    const f = await start({ limits: { maxConnections: 1 } })
    const first = rawRequest(f.url, 'POST /graphql HTTP/1.1\r\nHost: x\r\n', '')
    await new Promise((resolve) => first.socket.once('connect', resolve))
    await new Promise((resolve) => setTimeout(resolve, 100))
    const second = rawRequest(
      f.url,
      'GET /graphql?query=%7B__typename%7D HTTP/1.1\r\nHost: x\r\nconnection: close\r\n\r\n',
      '',
    )
    expect((await second.closed).received).toBe('')
    first.socket.destroy()
    expect((await gql(f.url, '{ __typename }')).data).toEqual({ __typename: 'Query' })
  })
})

describe('settings refused at start', () => {
  it('an admin key under 16 characters (XMARGIN_ADMIN_KEY=a) is an ApiSettingsError', async () => {
    const f = await start()
    const create = (adminKey: string) =>
      createApiServer({ store: f.store, chains: fixtureChains(), adminKey })
    expect(() => create('a')).toThrow(ApiSettingsError)
    expect(() => create('a')).toThrow('The admin key must be at least 16 characters (got 1).')
    expect(() => create('0123456789abcdef')).not.toThrow()
  })

  it('an unknown limit, or a headers timeout above the request timeout, is an ApiSettingsError', async () => {
    const f = await start()
    const create = (limits: Record<string, number>) =>
      createApiServer({ store: f.store, chains: fixtureChains(), limits })
    expect(() => create({ maxDepht: 5 })).toThrow('Unknown API limit "maxDepht"')
    expect(() => create({ headersTimeoutMs: 5000, requestTimeoutMs: 1000 })).toThrow(ApiSettingsError)
  })
})
