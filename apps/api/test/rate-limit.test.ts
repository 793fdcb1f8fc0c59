import { defaultApiLimits } from '@xmargin/config'
import { afterEach, describe, expect, it } from 'vitest'
import { createApiServer } from '../src/create-api-server.js'
import { ApiSettingsError } from '../src/errors.js'
import { postFrom as post } from './support/post-from.js'
import { readSse } from './support/sse-client.js'
import { type ApiFixture, fixtureChains, startApiFixture, wallets } from './support/store-fixture.js'

const fixtures: ApiFixture[] = []
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((f) => f.close()))
})
const start = async (overrides: Parameters<typeof startApiFixture>[0] = {}) => {
  const fixture = await startApiFixture(overrides)
  fixtures.push(fixture)
  return fixture
}

const addresses = (n: number) =>
  `[${Array.from({ length: n }, (_, i) => `"0x${(i + 1).toString(16).padStart(40, '0')}"`).join(', ')}]`
/** Work 200 (200 wallets × 1 report × portfolio). */
const solvency200 = `{ solvency(addresses: ${addresses(200)}) { verdict } }`

describe('per-client rate limit (work units per second, token bucket)', () => {
  it('answers a client past its budget 429 RATE_LIMITED with Retry-After; another client is not affected; the refill lets it through again', async () => {
    const f = await start({ limits: { rateLimitWorkPerSecond: 100, rateLimitBurst: 400 } })
    expect((await post(f.url, solvency200)).status).toBe(200)
    expect((await post(f.url, solvency200)).status).toBe(200)
    const limited = await post(f.url, solvency200)
    expect(limited).toMatchObject({ status: 429, retryAfter: '2', codes: ['RATE_LIMITED'], data: null })
    // Even `{ __typename }` costs 1, and the bucket is empty.
    expect(await post(f.url, '{ __typename }')).toMatchObject({ status: 429, retryAfter: '1' })
    // The admin key is charged like any other request.
    const admin = await post(f.url, '{ __typename }', '127.0.0.1', {
      'x-api-key': 'test-admin-key-0123456789',
    })
    expect(admin.codes).toEqual(['RATE_LIMITED'])

    // A second local address is another client, with its own full bucket.
    expect(await post(f.url, solvency200, '127.0.0.2')).toMatchObject({ status: 200, codes: [] })
    expect(await post(f.url, '{ __typename }', '127.0.0.2')).toMatchObject({
      status: 200,
      data: { __typename: 'Query' },
    })

    f.clock.now += 1 // 100 units back: not yet the 200 this request costs
    expect((await post(f.url, solvency200)).status).toBe(429)
    f.clock.now += 1
    expect(await post(f.url, solvency200)).toMatchObject({ status: 200, codes: [], retryAfter: undefined })
  })

  it('charges a request the work budget refuses (QUERY_TOO_COSTLY) 1 unit, so retrying it is limited too', async () => {
    const f = await start({ limits: { rateLimitWorkPerSecond: 100, rateLimitBurst: 400, maxWork: 300 } })
    const tooCostly = `{ solvency(addresses: ${addresses(301)}) { verdict } }`
    for (let i = 0; i < 3; i++) expect((await post(f.url, tooCostly)).codes).toEqual(['QUERY_TOO_COSTLY'])
    expect((await post(f.url, solvency200)).status).toBe(200) // 400 - 3 - 200 = 197 left
    expect((await post(f.url, `{ solvency(addresses: ${addresses(197)}) { verdict } }`)).status).toBe(200)
    expect((await post(f.url, tooCostly)).codes).toEqual(['RATE_LIMITED'])
  })

  it('charges a subscription when it subscribes, and refuses one past the limit with RATE_LIMITED', async () => {
    const f = await start({ limits: { rateLimitWorkPerSecond: 100, rateLimitBurst: 400 } })
    const stream = await readSse(
      f.url,
      `subscription { marginUpdated(addresses: ${addresses(200)}) { status } }`,
    )
    try {
      expect((await stream.next()).errors).toBeUndefined()
    } finally {
      stream.close()
    }
    expect((await post(f.url, solvency200)).status).toBe(200) // 400 - 200 - 200 = 0 left
    const refused = await fetch(f.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({
        query: `subscription { marginUpdated(addresses: ["${wallets.hedge}"]) { status } }`,
      }),
    })
    expect(refused.status).toBe(429) // checked first: an accepted stream would never end
    expect(await refused.text()).toContain('RATE_LIMITED')
  })

  it('is on by default, and off with rateLimitWorkPerSecond 0: everything passes', async () => {
    expect(defaultApiLimits.rateLimitWorkPerSecond).toBeGreaterThan(0)
    const on = await start({ limits: { rateLimitBurst: 300 } })
    expect((await post(on.url, solvency200)).status).toBe(200)
    expect((await post(on.url, solvency200)).codes).toEqual(['RATE_LIMITED'])

    const off = await start({ limits: { rateLimitWorkPerSecond: 0, rateLimitBurst: 300 } })
    for (let i = 0; i < 5; i++) expect((await post(off.url, solvency200)).status).toBe(200)
  })

  it('refuses a burst of 0 or a negative rate (ApiSettingsError)', () => {
    const create = (limits: Record<string, number>) => () =>
      createApiServer({ store: {} as never, chains: fixtureChains(), limits })
    expect(create({ rateLimitBurst: 0 })).toThrow(ApiSettingsError)
    expect(create({ rateLimitWorkPerSecond: -1 })).toThrow(ApiSettingsError)
  })
})
