import { parse } from 'graphql'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { buildSchema } from '../src/schema/build-schema.js'
import { estimateWork } from '../src/server/estimate-work.js'
import { codes, gql } from './support/graphql-client.js'
import { readSse } from './support/sse-client.js'
import { type ApiFixture, commitFixtureBlock, startApiFixture, wallets } from './support/store-fixture.js'

const fixtures: ApiFixture[] = []
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((f) => f.close()))
})
const start = async (overrides: Parameters<typeof startApiFixture>[0] = {}) => {
  const fixture = await startApiFixture(overrides)
  fixtures.push(fixture)
  return fixture
}

const addressList = (n: number) =>
  Array.from({ length: n }, (_, i) => `0x${(i + 1).toString(16).padStart(40, '0')}`)
const literal = (n: number) =>
  `[${addressList(n)
    .map((a) => `"${a}"`)
    .join(', ')}]`
const aliases = (n: number, field: string) =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`

describe('estimateWork()', () => {
  const schema = buildSchema()
  const work = (query: string, variables?: Record<string, unknown>) =>
    estimateWork({ schema, document: parse(query), variables })

  it('counts list sizes (literal or variable), reports per wallet, the model and every alias', () => {
    expect(work(`{ solvency(addresses: ${literal(3)}) { verdict } }`)).toBe(3)
    expect(
      work('query ($a: [Address!]!) { solvency(addresses: $a) { verdict } }', { a: addressList(1000) }),
    ).toBe(1000)
    expect(work(`{ margin(addresses: ${literal(10)}, model: ES) { status } }`)).toBe(2 * 10 * 100)
    expect(
      work('query ($m: MarginModel) { margin(addresses: ["0x1"], model: $m) { status } }', { m: 'ES' }),
    ).toBe(200)
    expect(
      work(
        aliases(15, `stressTest(addresses: ${literal(10)}, scenario: CRYPTO_CRASH, model: ES) { scenario }`),
      ),
    ).toBe(15 * 10 * 2 * 100)
    expect(work('{ chains { chainId } __typename }')).toBe(0)
  })

  it('charges each wallet by its positions when they are known: 1 unit per started 4', () => {
    const positions: Record<string, number> = { '0xa': 0, '0xb': 4, '0xc': 5, '0xd': 20 }
    const byPositions = (query: string) =>
      estimateWork({ schema, document: parse(query), positionsOf: (w) => positions[w] ?? 0 })
    expect(byPositions('{ solvency(addresses: ["0xA", "0xB", "0xC", "0xD"]) { verdict } }')).toBe(
      1 + 1 + 2 + 5,
    )
    expect(byPositions('{ margin(addresses: ["0xD"], model: ES) { status } }')).toBe(2 * 5 * 100)
  })

  it('charges fragments at each use, and margin under wallet and account', () => {
    const fragment = `fragment S on Query { solvency(addresses: ${literal(4)}) { verdict } }`
    expect(work(`{ ...S x: chains { chainId } ... on Query { ...S } } ${fragment}`)).toBe(8)
    expect(work('{ wallet(address: "0x1") { margin(model: ES) { status } } }')).toBe(200)
    expect(work('{ account(id: "t") { margin { status } wallets { margin { status } } } }')).toBe(20 + 20)
  })
})

describe('work bounded before it starts', () => {
  it('15 aliases of stressTest(CRYPTO_CRASH, ES) over 10 wallets are refused at once with QUERY_TOO_COSTLY', async () => {
    const f = await start()
    const started = performance.now()
    const res = await gql(
      f.url,
      aliases(15, `stressTest(addresses: ${literal(10)}, scenario: CRYPTO_CRASH, model: ES) { scenario }`),
    )
    expect(codes(res)).toEqual(['QUERY_TOO_COSTLY'])
    expect(res.status).toBe(400)
    expect(res.data ?? null).toBeNull()
    expect(res.errors![0]!.message).toContain('about 30000 work units, over the limit of 3000')
    expect(performance.now() - started).toBeLessThan(2000)
  })

  it('15 aliases of solvency over 1,000 wallets are refused; one is served', async () => {
    const f = await start()
    const query = `query ($a: [Address!]!) ${aliases(15, 'solvency(addresses: $a) { verdict }')}`
    const many = await gql(f.url, query, { a: addressList(1000) })
    expect(codes(many)).toEqual(['QUERY_TOO_COSTLY'])
    const one = await gql(f.url, 'query ($a: [Address!]!) { solvency(addresses: $a) { verdict } }', {
      a: addressList(1000),
    })
    expect(one.errors).toBeUndefined()
  })

  it('charges ES per wallet: margin(model: ES) over 20 wallets is refused, over 10 served', async () => {
    const f = await start({ limits: { timeoutMs: 60_000 } })
    expect(codes(await gql(f.url, `{ margin(addresses: ${literal(20)}, model: ES) { status } }`))).toEqual([
      'QUERY_TOO_COSTLY',
    ])
    const ten = [wallets.hedge, wallets.risky, ...addressList(8)].map((a) => `"${a}"`).join(', ')
    const served = await gql(f.url, `{ margin(addresses: [${ten}], model: ES) { status } }`)
    expect(served.errors).toBeUndefined()
  })

  it("counts a wallet's positions in the store before running: a 25-position wallet costs 7 units", async () => {
    const f = await start({ limits: { maxWork: 6 } })
    const whale = '0x00000000000000000000000000000000000000a1'
    await commitFixtureBlock(f.store, 1, 2, 3000n, {
      // Perps on 25 made-up assets: only their number matters to the estimate.
      upserts: Array.from({ length: 25 }, (_, i) => ({
        venue: 'perp',
        wallet: whale,
        kind: 'perp' as const,
        key: `X${i}`,
        amount: 1n,
        extra: { entryPrice: '100000000' },
      })),
    })
    const counted = vi.spyOn(f.store, 'countPositions')
    // Over the budget by wallets alone (7 wallets, each at least 1 unit): refused with no store read.
    expect(codes(await gql(f.url, `{ solvency(addresses: ${literal(7)}) { verdict } }`))).toEqual([
      'QUERY_TOO_COSTLY',
    ])
    expect(counted).not.toHaveBeenCalled()
    const refused = await gql(f.url, `{ solvency(addresses: ["${whale}"]) { verdict } }`)
    expect(counted).toHaveBeenCalledTimes(1)
    expect(codes(refused)).toEqual(['QUERY_TOO_COSTLY'])
    expect(refused.errors?.[0]?.message).toMatch(/about 7 work units/)
    // Six small wallets (3 positions or none each) cost 6: served.
    const small = await gql(
      f.url,
      `{ solvency(addresses: ["${wallets.hedge}", "${wallets.risky}", ${addressList(4)
        .map((a) => `"${a}"`)
        .join(', ')}]) { verdict } }`,
    )
    expect(small.errors).toBeUndefined()
  })

  it('maxWork is a limit like the others, and a subscription is charged at subscribe', async () => {
    const f = await start({ limits: { maxWork: 5 } })
    expect(codes(await gql(f.url, `{ solvency(addresses: ${literal(6)}) { verdict } }`))).toEqual([
      'QUERY_TOO_COSTLY',
    ])
    expect((await gql(f.url, `{ solvency(addresses: ${literal(5)}) { verdict } }`)).errors).toBeUndefined()
    const response = await fetch(f.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({
        query: `subscription { marginUpdated(addresses: ${literal(6)}) { status } }`,
      }),
    })
    const text = await response.text()
    expect(text).toContain('QUERY_TOO_COSTLY')
  })
})

describe('subscription caps', () => {
  const subscription = `subscription { marginUpdated(addresses: ["${wallets.hedge}"]) { status } }`
  /** Opens the subscription and returns its first SSE event (then hangs up). */
  const refused = async (url: string) => {
    const controller = new AbortController()
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: subscription }),
      signal: controller.signal,
    })
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
    let text = ''
    while (!text.includes('event: next')) {
      const chunk = await reader.read()
      if (chunk.done) break
      text += chunk.value
    }
    controller.abort()
    return text
  }

  it('refuses a client past maxSubscriptionsPerClient with TOO_MANY_SUBSCRIPTIONS, and frees the place when one closes', async () => {
    const f = await start({ limits: { maxSubscriptionsPerClient: 2 } })
    const first = await readSse(f.url, subscription)
    const second = await readSse(f.url, subscription)
    try {
      await first.next()
      await second.next()
      expect(await refused(f.url)).toContain('TOO_MANY_SUBSCRIPTIONS')
      first.close()
      await expect
        .poll(async () => (await refused(f.url)).includes('TOO_MANY_SUBSCRIPTIONS'), { timeout: 5000 })
        .toBe(false)
    } finally {
      first.close()
      second.close()
    }
  })

  it('refuses past maxSubscriptions on the whole server', async () => {
    const f = await start({ limits: { maxSubscriptions: 1 } })
    const only = await readSse(f.url, subscription)
    try {
      await only.next()
      expect(await refused(f.url)).toMatch(/TOO_MANY_SUBSCRIPTIONS.*|.*1 on this server/)
    } finally {
      only.close()
    }
  })
})
