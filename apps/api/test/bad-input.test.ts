import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { codes, gql } from './support/graphql-client.js'
import { type ApiFixture, startApiFixture, wallets } from './support/store-fixture.js'

describe('bad input gets its coded error and the server keeps serving', () => {
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

  it('a malformed address literal is INVALID_ADDRESS (400)', async () => {
    const res = await gql(f.url, '{ margin(addresses: ["0x1234"]) { status } }')
    expect(codes(res)).toEqual(['INVALID_ADDRESS'])
    expect(res.status).toBe(400)
  })

  it('a malformed address variable is INVALID_ADDRESS (400)', async () => {
    const res = await gql(f.url, 'query ($a: [Address!]!) { margin(addresses: $a) { status } }', {
      a: ['not-an-address'],
    })
    expect(codes(res)).toEqual(['INVALID_ADDRESS'])
    expect(res.status).toBe(400)
  })

  it('a mixed-case address with a wrong checksum is INVALID_ADDRESS', async () => {
    const good = '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045'
    const bad = '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96046'.replace('aF9D', 'Af9D')
    const ok = await gql<{ wallet: { address: string } }>(
      f.url,
      `{ wallet(address: "${good.toLowerCase()}") { address } }`,
    )
    expect(ok.data!.wallet.address).toBe(good) // checksummed on output
    const res = await gql(f.url, `{ wallet(address: "${bad}") { address } }`)
    expect(codes(res)).toEqual(['INVALID_ADDRESS'])
  })

  it('1,001 addresses are TOO_MANY_ADDRESSES; 1,000 are served', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => `0x${(i + 1).toString(16).padStart(40, '0')}`)
    const res = await gql(f.url, 'query ($a: [Address!]!) { solvency(addresses: $a) { verdict } }', {
      a: many,
    })
    expect(codes(res)).toEqual(['TOO_MANY_ADDRESSES'])
    expect(res.status).toBe(400)
    const margin = await gql(f.url, 'query ($a: [Address!]!) { margin(addresses: $a) { status } }', {
      a: many,
    })
    expect(codes(margin)).toEqual(['TOO_MANY_ADDRESSES'])
    const ok = await gql<{ solvency: unknown[] }>(
      f.url,
      'query ($a: [Address!]!) { solvency(addresses: $a) { verdict } }',
      {
        a: many.slice(0, 1000),
      },
    )
    expect(ok.errors).toBeUndefined()
    expect(ok.data!.solvency).toHaveLength(1000)
  })

  it('a deep query is QUERY_TOO_DEEP', async () => {
    const open = '... on Wallet { '.repeat(12)
    const close = '}'.repeat(12)
    const res = await gql(f.url, `{ wallet(address: "${wallets.hedge}") { ${open} address ${close} } }`)
    expect(codes(res)).toContain('QUERY_TOO_DEEP')
    expect(res.status).toBe(400)
  })

  it('a wide query (many aliases) is TOO_MANY_ALIASES', async () => {
    const fields = Array.from(
      { length: 40 },
      (_, i) => `a${i}: margin(addresses: ["${wallets.hedge}"]) { status }`,
    ).join(' ')
    const res = await gql(f.url, `{ ${fields} }`)
    expect(codes(res)).toContain('TOO_MANY_ALIASES')
    expect(res.status).toBe(400)
  })

  it('a query with too many tokens is TOO_MANY_TOKENS', async () => {
    const fields = 'status '.repeat(7000)
    const res = await gql(f.url, `{ margin(addresses: ["${wallets.hedge}"]) { ${fields} } }`)
    expect(codes(res)).toContain('TOO_MANY_TOKENS')
    expect(res.status).toBe(400)
  })

  it('a huge body is PAYLOAD_TOO_LARGE (413) before it is parsed', async () => {
    const response = await fetch(f.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ __typename }${' '.repeat(2 * 1024 * 1024)}` }),
    })
    expect(response.status).toBe(413)
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] }
    expect(body.errors[0]!.extensions.code).toBe('PAYLOAD_TOO_LARGE')
  })

  it('a number literal for BigInt is INVALID_BIGINT (literal and variable)', async () => {
    const add = (amount: string) =>
      `{ whatIf(addresses: ["${wallets.hedge}"], add: [{ chainId: 1, venue: "wallet", kind: SPOT, asset: "WETH", amount: ${amount}, decimals: 18 }]) { delta { equity } } }`
    const literal = await gql(f.url, add('1000000000000000000'))
    expect(codes(literal)).toEqual(['INVALID_BIGINT'])
    expect(literal.status).toBe(400)
    const variable = await gql(
      f.url,
      `query ($p: PositionInput!) { whatIf(addresses: ["${wallets.hedge}"], add: [$p]) { delta { equity } } }`,
      { p: { chainId: 1, venue: 'wallet', kind: 'SPOT', asset: 'WETH', amount: 1e18, decimals: 18 } },
    )
    expect(codes(variable)).toEqual(['INVALID_BIGINT'])
    const string = await gql(f.url, add('"1000000000000000000"'))
    expect(string.errors).toBeUndefined()
  })

  it('a number for Decimal is INVALID_DECIMAL', async () => {
    const res = await gql(f.url, `{ solvency(addresses: ["${wallets.hedge}"], minHealth: 1.5) { verdict } }`)
    expect(codes(res)).toEqual(['INVALID_DECIMAL'])
  })

  it('an unexpected failure is masked as INTERNAL_SERVER_ERROR without its message', async () => {
    const broken = await startApiFixture()
    const getAccounts = broken.store.getAccounts
    broken.store.getAccounts = () => Promise.reject(new Error('disk /secret/path exploded'))
    try {
      const res = await gql(broken.url, '{ account(id: "x") { id } }')
      expect(codes(res)).toEqual(['INTERNAL_SERVER_ERROR'])
      expect(JSON.stringify(res)).not.toContain('secret')
      const alive = await gql(broken.url, '{ __typename }')
      expect(alive.errors).toBeUndefined()
    } finally {
      broken.store.getAccounts = getAccounts
      await broken.close()
    }
  })
})
