import { createHash } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { codes, gql } from './support/graphql-client.js'
import { type ApiFixture, startApiFixture, wallets } from './support/store-fixture.js'

const fixtures: ApiFixture[] = []
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((f) => f.close()))
})
const start = async (overrides: Parameters<typeof startApiFixture>[0]) => {
  const fixture = await startApiFixture(overrides)
  fixtures.push(fixture)
  return fixture
}

const persisted = `{ margin(addresses: ["${wallets.hedge}"]) { status initialMargin } }`
const persistedId = createHash('sha256').update(persisted).digest('hex')

async function postRaw(url: string, body: unknown) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify(body),
  })
  return {
    status: response.status,
    body: (await response.json()) as { data?: unknown; errors?: { message: string }[] },
  }
}

describe('persisted operations', () => {
  it('serves a registered operation by its sha256 id and refuses other documents when only persisted ones are allowed', async () => {
    const f = await start({ persistedOperations: { operations: { [persistedId]: persisted }, only: true } })
    const byId = await postRaw(f.url, {
      extensions: { persistedQuery: { version: 1, sha256Hash: persistedId } },
    })
    expect(byId.status).toBe(200)
    expect(byId.body.errors).toBeUndefined()
    expect((byId.body.data as { margin: { status: string } }).margin.status).toBe('HEALTHY')

    const arbitrary = await postRaw(f.url, { query: '{ __typename }' })
    expect(arbitrary.body.data ?? null).toBeNull()
    expect(arbitrary.body.errors?.[0]?.message).toMatch(/persisted/i)

    const unknown = await postRaw(f.url, {
      extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } },
    })
    expect(unknown.body.data ?? null).toBeNull()
    expect(unknown.body.errors?.[0]?.message).toMatch(/PersistedQueryNotFound|not found/i)
  })

  it('still accepts arbitrary documents next to persisted ones unless told otherwise', async () => {
    const f = await start({ persistedOperations: { operations: { [persistedId]: persisted } } })
    expect((await gql(f.url, '{ __typename }')).data).toEqual({ __typename: 'Query' })
    const byId = await postRaw(f.url, {
      extensions: { persistedQuery: { version: 1, sha256Hash: persistedId } },
    })
    expect(byId.body.errors).toBeUndefined()
  })
})

describe('execution timeout', () => {
  it('ends a solvency batch that runs past the limit with TIMEOUT (504), and the server keeps serving', async () => {
    const f = await start({ limits: { timeoutMs: 1 } })
    const many = Array.from({ length: 1000 }, (_, i) => `"0x${(i + 1).toString(16).padStart(40, '0')}"`)
    const res = await gql(f.url, `{ solvency(addresses: [${many.join(',')}]) { verdict } }`)
    expect(codes(res)).toContain('TIMEOUT')
    expect(res.status).toBe(504)
    const healthy = await start({})
    expect((await gql(healthy.url, '{ __typename }')).data).toEqual({ __typename: 'Query' })
    // The timed-out server itself still answers.
    expect((await gql(f.url, '{ __typename }')).status).toBe(200)
  })
})
