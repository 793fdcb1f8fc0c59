import { Writable } from 'node:stream'
import { pino } from 'pino'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { codes, gql } from './support/graphql-client.js'
import { type ApiFixture, startApiFixture, wallets } from './support/store-fixture.js'

type Comparison = { stressTest: { after: { equity: string } } }
const stress = (shocks: string) =>
  `{ stressTest(addresses: ["${wallets.hedge}"], shocks: [${shocks}]) { after { equity } } }`

describe('bad numbers and unknown names are refused with a coded error', () => {
  let f: ApiFixture
  beforeAll(async () => {
    f = await startApiFixture()
  })
  afterAll(async () => {
    await f.close()
  })
  afterEach(async () => {
    const alive = await gql<{ __typename: string }>(f.url, '{ __typename }')
    expect(alive.data).toEqual({ __typename: 'Query' })
  })

  it('a shock on an unknown factor (an asset name, DOGE, __proto__) is UNKNOWN_FACTOR naming the valid ones', async () => {
    for (const factor of ['WETH', 'DOGE', '__proto__', 'constructor']) {
      const res = await gql(f.url, stress(`{ factor: "${factor}", spot: "-0.3" }`))
      expect(codes(res), factor).toEqual(['UNKNOWN_FACTOR'])
      expect(res.status).toBe(400)
      expect(res.errors![0]!.message).toContain('valid factors: ')
      expect(res.errors![0]!.message).toContain('ETH')
    }
    const ok = await gql<Comparison>(f.url, stress('{ factor: "ETH", spot: "-0.3" }'))
    expect(ok.errors).toBeUndefined()
  })

  it('a shock taking a price or a vol to zero or below is OUT_OF_RANGE; −99% is served', async () => {
    for (const shock of ['spot: "-1"', 'spot: "-2"', 'vol: "-1"', 'spot: "1000000"']) {
      const res = await gql(f.url, stress(`{ factor: "ETH", ${shock} }`))
      expect(codes(res), shock).toEqual(['OUT_OF_RANGE'])
      expect(res.status).toBe(400)
    }
    const deep = await gql<Comparison>(f.url, stress('{ factor: "ETH", spot: "-0.99" }'))
    expect(deep.errors).toBeUndefined()
    // 10 WETH at $30 instead of $3,000 (the short perp gains what the WETH loses on this hedge).
    expect(Number(deep.data!.stressTest.after.equity)).toBeGreaterThan(0)
  })

  it('a factor shocked twice, an empty shock or no shocks at all is BAD_USER_INPUT', async () => {
    const twice = await gql(f.url, stress('{ factor: "ETH", spot: "-0.1" }, { factor: "ETH", spot: "-0.2" }'))
    expect(codes(twice)).toEqual(['BAD_USER_INPUT'])
    const empty = await gql(f.url, stress('{ factor: "ETH" }'))
    expect(codes(empty)).toEqual(['BAD_USER_INPUT'])
    const none = await gql(f.url, stress(''))
    expect(codes(none)).toEqual(['BAD_USER_INPUT'])
  })

  it('an unknown scenario name is refused naming the valid ones', async () => {
    const res = await gql(
      f.url,
      `{ stressTest(addresses: ["${wallets.hedge}"], scenario: DOGE_MOON) { after { equity } } }`,
    )
    expect(res.status).toBe(400)
    expect(codes(res)).toEqual(['BAD_USER_INPUT'])
    expect(res.errors![0]!.message).toContain('CRYPTO_CRASH')
    const variable = await gql(
      f.url,
      `query ($s: StressScenario) { stressTest(addresses: ["${wallets.hedge}"], scenario: $s) { scenario } }`,
      { s: 'DOGE_MOON' },
    )
    expect(codes(variable)).toEqual(['BAD_USER_INPUT'])
    expect(variable.errors![0]!.message).toContain('VOL_SPIKE')
  })

  it('a whatIf remove id that matches no position is UNKNOWN_POSITION naming the book’s ids', async () => {
    const res = await gql(
      f.url,
      `{ whatIf(addresses: ["${wallets.hedge}"], remove: ["nope"]) { after { equity } } }`,
    )
    expect(codes(res)).toEqual(['UNKNOWN_POSITION'])
    expect(res.errors![0]!.message).toContain('"nope"')
    const ids = await gql<{ margin: { positions: { id: string }[] } }>(
      f.url,
      `{ margin(addresses: ["${wallets.hedge}"]) { positions { id } } }`,
    )
    const id = ids.data!.margin.positions[0]!.id
    expect(res.errors![0]!.message).toContain(id)
    const ok = await gql(
      f.url,
      `{ whatIf(addresses: ["${wallets.hedge}"], remove: ["${id}"]) { after { equity } } }`,
    )
    expect(ok.errors).toBeUndefined()
  })

  it('a whatIf position on an unknown asset is UNKNOWN_ASSET naming the valid ones', async () => {
    const res = await gql(
      f.url,
      `{ whatIf(addresses: ["${wallets.hedge}"], add: [{ chainId: 1, venue: "wallet", kind: SPOT, asset: "DOGE", amount: "1", decimals: 18 }]) { after { equity } } }`,
    )
    expect(codes(res)).toEqual(['UNKNOWN_ASSET'])
    expect(res.errors![0]!.message).toContain('WETH')
  })

  it('minHealth below the liquidation line or absurdly high is OUT_OF_RANGE', async () => {
    for (const minHealth of ['-1', '0', '0.5', '1000000']) {
      const res = await gql(
        f.url,
        `{ solvency(addresses: ["${wallets.hedge}"], minHealth: "${minHealth}") { verdict } }`,
      )
      expect(codes(res), minHealth).toEqual(['OUT_OF_RANGE'])
      expect(res.status).toBe(400)
    }
    const ok = await gql(f.url, `{ solvency(addresses: ["${wallets.hedge}"], minHealth: "1.1") { verdict } }`)
    expect(ok.errors).toBeUndefined()
  })

  it('maxAgeSeconds of 1e20 (literal or variable), a float or a negative number gets a code', async () => {
    const literal = await gql(
      f.url,
      `{ solvency(addresses: ["${wallets.hedge}"], maxAgeSeconds: 1e20) { verdict } }`,
    )
    expect(codes(literal)).toEqual(['INVALID_INT'])
    expect(literal.status).toBe(400)
    const query =
      'query ($m: Int) { solvency(addresses: ["0x1111111111111111111111111111111111111111"], maxAgeSeconds: $m) { verdict } }'
    for (const m of [1e20, 1.5, Number.MAX_SAFE_INTEGER]) {
      const res = await gql(f.url, query, { m })
      expect(codes(res), String(m)).toEqual(['INVALID_INT'])
      expect(res.status).toBe(400)
    }
    const negative = await gql(f.url, query, { m: -1 })
    expect(codes(negative)).toEqual(['OUT_OF_RANGE'])
    const ok = await gql(f.url, query, { m: 300 })
    expect(ok.errors).toBeUndefined()
  })

  it('a healthBelow threshold of zero or below is OUT_OF_RANGE', async () => {
    const res = await fetch(f.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({
        query: `subscription { healthBelow(addresses: ["${wallets.risky}"], threshold: "-1") { below } }`,
      }),
    })
    const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] }
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['OUT_OF_RANGE'])
  })

  it('a 400 KB bad address is echoed at most once, truncated, in a small response', async () => {
    const huge = `0x${'z'.repeat(400_000)}`
    for (const [query, variables] of [
      ['query ($a: [Address!]!) { margin(addresses: $a) { status } }', { a: [huge] }],
      [`{ margin(addresses: ["${huge}"]) { status } }`, undefined],
    ] as const) {
      const response = await fetch(f.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query, variables }),
      })
      const text = await response.text()
      expect(response.status).toBe(400)
      expect(JSON.parse(text).errors[0].extensions.code).toBe('INVALID_ADDRESS')
      expect(text.length).toBeLessThan(2000)
      expect(text.split('zzzzzzzzzz').length - 1).toBeLessThanOrEqual(8) // one echo of ≤ 80 characters
    }
  })
})

describe('client errors in the log', () => {
  it('a user error (UNKNOWN_CHAIN, INVALID_INT, OUT_OF_RANGE) logs at info with its code, never as an unexpected error', async () => {
    const lines: { level: number; msg: string; error_code?: string }[] = []
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line))
        done()
      },
    })
    const f = await startApiFixture({ logger: pino({ level: 'info' }, sink) })
    try {
      expect(codes(await gql(f.url, '{ chain(chainId: 5) { name } }'))).toEqual(['UNKNOWN_CHAIN'])
      const int = await gql(f.url, 'query ($c: Int!) { chain(chainId: $c) { name } }', { c: 1e20 })
      expect(codes(int)).toEqual(['INVALID_INT'])
      const range = await gql(
        f.url,
        `{ solvency(addresses: ["${wallets.hedge}"], minHealth: "-1") { verdict } }`,
      )
      expect(codes(range)).toEqual(['OUT_OF_RANGE'])
      const errorLevel = lines.filter((l) => l.level >= 50)
      expect(errorLevel).toEqual([])
      expect(lines.filter((l) => l.msg === 'client error').map((l) => l.error_code)).toEqual(
        expect.arrayContaining(['UNKNOWN_CHAIN', 'OUT_OF_RANGE']),
      )
    } finally {
      await f.close()
    }
  })
})
