import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { type ApiFixture, startApiFixture } from './support/store-fixture.js'

const fixtures: ApiFixture[] = []
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((f) => f.close()))
})
const dir = mkdtempSync(join(tmpdir(), 'xmargin-dashboard-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A stand-in for `apps/web/dist`: an index page, a hashed asset, a file outside the directory. */
function builtDashboard(): string {
  const dist = join(dir, 'dist')
  mkdirSync(join(dist, 'assets'), { recursive: true })
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>xmargin</title>')
  writeFileSync(join(dist, 'assets', 'index-abc.js'), 'console.log(1)')
  writeFileSync(join(dir, 'secret.txt'), 'not served')
  return dist
}

describe('the dashboard beside the API', () => {
  it('serves the built dashboard at / and its assets, while /graphql stays the API', async () => {
    const f = await startApiFixture({ dashboardDir: builtDashboard() })
    fixtures.push(f)
    const origin = new URL(f.url).origin
    const index = await fetch(`${origin}/`)
    expect(index.status).toBe(200)
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await index.text()).toContain('<title>xmargin</title>')
    const asset = await fetch(`${origin}/assets/index-abc.js`)
    expect(asset.headers.get('content-type')).toMatch(/javascript/)
    expect(asset.headers.get('cache-control')).toContain('immutable')
    const api = await fetch(f.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    })
    expect(await api.json()).toEqual({ data: { __typename: 'Query' } })
    expect((await fetch(`${origin}/assets/missing.js`)).status).toBe(404)
    expect((await fetch(`${origin}/%2e%2e/secret.txt`)).status).toBe(404)
    expect((await fetch(`${origin}/../secret.txt`)).status).toBe(404)
    // A malformed escape is a 404, not a crash of the server.
    expect((await fetch(`${origin}/%E0%A4%A.js`)).status).toBe(404)
    expect((await fetch(`${origin}/`)).status).toBe(200)
  })

  it('says the dashboard is not built instead of a blank page', async () => {
    const f = await startApiFixture({ dashboardDir: join(dir, 'never-built') })
    fixtures.push(f)
    const root = await fetch(`${new URL(f.url).origin}/`)
    expect(root.status).toBe(503)
    expect(await root.text()).toMatch(/dashboard is not built/)
  })

  it('serves no dashboard without a dashboardDir', async () => {
    const f = await startApiFixture({})
    fixtures.push(f)
    expect((await fetch(`${new URL(f.url).origin}/`)).status).toBe(404)
  })
})
