import { afterEach, describe, expect, it } from 'vitest'
import { createApiServer } from '../src/create-api-server.js'
import { ApiSettingsError } from '../src/errors.js'
import { postFrom as post } from './support/post-from.js'
import { type ApiFixture, fixtureChains, startApiFixture } from './support/store-fixture.js'

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
/** Work 300: the whole bucket below. */
const solvency300 = `{ solvency(addresses: ${addresses(300)}) { verdict } }`
const limits = { rateLimitWorkPerSecond: 1, rateLimitBurst: 300 }
const from = (client: string) => ({ 'x-forwarded-for': client })

describe('client identity behind a reverse proxy (trustedProxies)', () => {
  it('gives two clients behind one trusted proxy their own rate-limit buckets (X-Forwarded-For)', async () => {
    const f = await start({ limits, trustedProxies: ['127.0.0.3'] })
    expect((await post(f.url, solvency300, '127.0.0.3', from('203.0.113.1'))).status).toBe(200)
    expect((await post(f.url, '{ __typename }', '127.0.0.3', from('203.0.113.1'))).codes).toEqual([
      'RATE_LIMITED',
    ])
    // The second client behind the same proxy is not charged for the first one's work.
    expect((await post(f.url, solvency300, '127.0.0.3', from('203.0.113.2'))).status).toBe(200)
    // A chain of proxies: the client is the rightmost address that is not a trusted proxy.
    expect(
      (await post(f.url, '{ __typename }', '127.0.0.3', from('198.51.100.9, 203.0.113.1, 127.0.0.3'))).codes,
    ).toEqual(['RATE_LIMITED'])
  })

  it('matches CIDR blocks, and ignores X-Forwarded-For from an address that is not a trusted proxy', async () => {
    const f = await start({ limits, trustedProxies: ['127.0.0.0/30'] })
    expect((await post(f.url, solvency300, '127.0.0.2', from('203.0.113.1'))).status).toBe(200)
    expect((await post(f.url, solvency300, '127.0.0.3', from('203.0.113.2'))).status).toBe(200)
    // 127.0.0.5 is outside the block: its header is a client's claim, not a proxy's, and it is
    // counted under its own address however it varies the header.
    expect((await post(f.url, solvency300, '127.0.0.5', from('203.0.113.3'))).status).toBe(200)
    expect((await post(f.url, '{ __typename }', '127.0.0.5', from('203.0.113.4'))).codes).toEqual([
      'RATE_LIMITED',
    ])
  })

  it('trusts no proxy by default: every client behind one address shares its bucket', async () => {
    const f = await start({ limits })
    expect((await post(f.url, solvency300, '127.0.0.3', from('203.0.113.1'))).status).toBe(200)
    expect((await post(f.url, '{ __typename }', '127.0.0.3', from('203.0.113.2'))).codes).toEqual([
      'RATE_LIMITED',
    ])
  })

  it('counts the subscription cap per forwarded client', async () => {
    // fetch sends from 127.0.0.1: that is the proxy here.
    const f = await start({ limits: { maxSubscriptionsPerClient: 1 }, trustedProxies: ['127.0.0.1'] })
    const controller = new AbortController()
    const subscribe = (client: string) =>
      fetch(f.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...from(client) },
        body: JSON.stringify({
          query: `subscription { marginUpdated(addresses: ${addresses(1)}) { status } }`,
        }),
        signal: controller.signal,
      })
    try {
      expect((await subscribe('203.0.113.1')).status).toBe(200)
      const second = await subscribe('203.0.113.1')
      expect(second.status).toBe(429)
      expect(await second.text()).toContain('TOO_MANY_SUBSCRIPTIONS')
      // Another client behind the same proxy has its own place.
      expect((await subscribe('203.0.113.2')).status).toBe(200)
    } finally {
      controller.abort()
    }
  })

  it('refuses an entry that is not an address or CIDR block (ApiSettingsError)', () => {
    expect(() =>
      createApiServer({ store: {} as never, chains: fixtureChains(), trustedProxies: ['proxy.internal'] }),
    ).toThrow(ApiSettingsError)
  })
})
