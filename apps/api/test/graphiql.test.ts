import { afterEach, describe, expect, it } from 'vitest'
import { type ApiFixture, startApiFixture } from './support/store-fixture.js'

const fixtures: ApiFixture[] = []
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((f) => f.close()))
})
const start = async (overrides: Parameters<typeof startApiFixture>[0]) => {
  const fixture = await startApiFixture(overrides)
  fixtures.push(fixture)
  return fixture
}

/** Every URL the page loads: `src`/`href` attributes, CSS `url(…)`, `@import`. */
function loadedUrls(html: string): string[] {
  const attributes = [...html.matchAll(/\b(?:src|href)\s*=\s*["']([^"']+)["']/gi)].map((m) => m[1]!)
  const css = [...html.matchAll(/url\(\s*["']?([^"')]+)/gi)].map((m) => m[1]!)
  const imports = [...html.matchAll(/@import\s+["']([^"']+)/gi)].map((m) => m[1]!)
  return [...attributes, ...css, ...imports]
}

describe('GraphiQL', () => {
  it('serves a page whose scripts, styles and workers all come from the server itself', async () => {
    const f = await start({ development: true })
    const page = await fetch(`${new URL(f.url).origin}/graphiql`, { headers: { accept: 'text/html' } })
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/text\/html/)
    const html = await page.text()
    expect(html.length).toBeLessThan(10_000)
    expect(html).not.toMatch(/https?:\/\//)
    const urls = loadedUrls(html)
    expect(urls.length).toBeGreaterThanOrEqual(3)
    for (const url of urls) expect(url.startsWith('/graphiql/'), url).toBe(true)

    const origin = new URL(f.url).origin
    const bodies = new Map<string, string>()
    for (const url of urls) {
      const asset = await fetch(origin + url)
      expect(asset.status, url).toBe(200)
      bodies.set(url, await asset.text())
    }
    // The bundle defines the global the start script calls; the start script points Monaco's workers here.
    const bundle = bodies.get('/graphiql/graphiql.js') ?? ''
    expect(bundle.length).toBeGreaterThan(1_000_000)
    expect(bundle).toContain('renderYogaGraphiQL')
    expect(bodies.get('/graphiql/start.js')).toContain('YogaGraphiQL.renderYogaGraphiQL')
    const environment = bodies.get('/graphiql/monaco-environment.js') ?? ''
    expect(urls.indexOf('/graphiql/monaco-environment.js')).toBeLessThan(
      urls.indexOf('/graphiql/graphiql.js'),
    )
    for (const worker of ['editor.worker.js', 'json.worker.js', 'graphql.worker.js']) {
      expect(environment).toContain(worker)
      const response = await fetch(`${origin}/graphiql/${worker}`)
      expect(response.status, worker).toBe(200)
      expect(response.headers.get('content-type')).toMatch(/javascript/)
      expect((await response.text()).length).toBeGreaterThan(100_000)
    }
    const css = bodies.get('/graphiql/graphiql.css') ?? ''
    expect(css).toContain('.graphiql-container')
    // No stylesheet rule loads anything from elsewhere.
    expect(loadedUrls(css).filter((u) => !u.startsWith('data:'))).toEqual([])
  })

  it('lives at /graphiql, pointed at /graphql; / and /graphql serve no GraphiQL', async () => {
    const f = await start({ development: true })
    const origin = new URL(f.url).origin
    const html = await (await fetch(`${origin}/graphiql`)).text()
    const options = JSON.parse(
      /<script type="application\/json" id="graphiql-options">(.*?)<\/script>/s.exec(html)![1]!,
    )
    expect(options).toEqual({ endpoint: '/graphql' })
    expect((await fetch(`${origin}/`, { redirect: 'manual' })).status).toBe(404)
    const atEndpoint = await fetch(f.url, { headers: { accept: 'text/html' } })
    expect(atEndpoint.headers.get('content-type') ?? '').not.toMatch(/text\/html/)
    expect((await fetch(`${origin}/graphiql/nope.js`)).status).toBe(404)
  })

  it('is not served outside development: no page, no assets, no redirect', async () => {
    const f = await start({ development: false })
    const page = await fetch(`${new URL(f.url).origin}/graphiql`, { headers: { accept: 'text/html' } })
    expect(page.headers.get('content-type') ?? '').not.toMatch(/text\/html/)
    const origin = new URL(f.url).origin
    expect((await fetch(`${origin}/graphiql/graphiql.js`)).status).toBe(404)
    expect((await fetch(`${origin}/`, { redirect: 'manual' })).status).toBe(404)
  })
})
