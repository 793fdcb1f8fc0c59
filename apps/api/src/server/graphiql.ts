import type { IncomingMessage, ServerResponse } from 'node:http'

/** Where the server serves GraphiQL's bundled assets (from `@graphql-yoga/render-graphiql`, no CDN). */
export const graphiqlAssetBase = '/graphiql/'

type AssetName = 'graphiql.js' | 'graphiql.css' | 'editor.worker.js' | 'json.worker.js' | 'graphql.worker.js'
type Assets = Readonly<Record<AssetName, { body: Buffer; type: string }>>

let assetsPromise: Promise<Assets> | undefined

/**
 * GraphiQL's JavaScript, CSS and Monaco workers, loaded once on first use (about 9 MB: never loaded
 * by a server without GraphiQL).
 */
function loadAssets(): Promise<Assets> {
  assetsPromise ??= import('@graphql-yoga/render-graphiql/graphiql').then((m) => {
    const js = (text: string) => ({ body: Buffer.from(text), type: 'text/javascript; charset=utf-8' })
    return {
      'graphiql.js': js(m.js),
      'graphiql.css': { body: Buffer.from(m.css), type: 'text/css; charset=utf-8' },
      'editor.worker.js': js(m.editorWorkerService),
      'json.worker.js': js(m.jsonWorker),
      'graphql.worker.js': js(m.graphqlWorker),
    }
  })
  return assetsPromise
}

// Run in the page, before and after the bundle: Monaco's workers come from the same server, then
// GraphiQL mounts on #root with the options the server wrote into the page as JSON.
const monacoEnvironment = `
self.MonacoEnvironment = {
  globalAPI: false,
  getWorkerUrl: function (_moduleId, label) {
    var file = { editorWorkerService: 'editor.worker.js', json: 'json.worker.js', graphql: 'graphql.worker.js' }[label]
    return '${graphiqlAssetBase}' + (file || 'editor.worker.js')
  },
}
`
const start = `
YogaGraphiQL.renderYogaGraphiQL(
  document.querySelector('#root'),
  JSON.parse(document.querySelector('#graphiql-options').textContent),
)
`

/**
 * The GraphiQL page: every script, style and worker is a same-origin URL under
 * {@link graphiqlAssetBase}, so it works with no internet access.
 *
 * @example
 * response.end(renderLocalGraphiQL({ endpoint: '/graphql' }))
 */
export function renderLocalGraphiQL(options: Record<string, unknown> = {}): string {
  // `<` escaped so no option value can close the script element.
  const json = JSON.stringify(options).replace(/</g, '\\u003c')
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>xmargin GraphiQL</title>
    <link rel="stylesheet" href="${graphiqlAssetBase}graphiql.css" />
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run GraphiQL.</noscript>
    <div id="root"></div>
    <script type="application/json" id="graphiql-options">${json}</script>
    <script src="${graphiqlAssetBase}monaco-environment.js"></script>
    <script src="${graphiqlAssetBase}graphiql.js"></script>
    <script src="${graphiqlAssetBase}start.js"></script>
  </body>
</html>
`
}

/** Where the server serves the GraphiQL page (its assets live under {@link graphiqlAssetBase}). */
export const graphiqlPath = '/graphiql'

/**
 * Serves the GraphiQL page at {@link graphiqlPath} (pointed at `endpoint`) and its assets under
 * {@link graphiqlAssetBase}. Returns true when it answered the request.
 *
 * @example
 * if (serveGraphiQL(req, res, { endpoint: '/graphql' })) return
 */
export function serveGraphiQL(
  request: IncomingMessage,
  response: ServerResponse,
  parameters: { endpoint: string },
): boolean {
  const method = request.method ?? 'GET'
  if (method !== 'GET' && method !== 'HEAD') return false
  const path = (request.url ?? '/').split('?')[0]!
  if (path === graphiqlPath || path === graphiqlAssetBase) {
    const page = Buffer.from(renderLocalGraphiQL({ endpoint: parameters.endpoint }))
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': page.length })
    response.end(method === 'HEAD' ? undefined : page)
    return true
  }
  if (!path.startsWith(graphiqlAssetBase)) return false
  const name = path.slice(graphiqlAssetBase.length)
  const inline =
    name === 'start.js' ? start : name === 'monaco-environment.js' ? monacoEnvironment : undefined
  if (inline !== undefined) {
    send(response, method, { body: Buffer.from(inline), type: 'text/javascript; charset=utf-8' })
    return true
  }
  void loadAssets().then(
    (assets) => {
      const asset = Object.hasOwn(assets, name) ? assets[name as AssetName] : undefined
      if (asset) send(response, method, asset)
      else {
        response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
        response.end('Not found.')
      }
    },
    () => {
      response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
      response.end('GraphiQL assets could not be loaded.')
    },
  )
  return true
}

function send(response: ServerResponse, method: string, asset: { body: Buffer; type: string }) {
  response.writeHead(200, {
    'content-type': asset.type,
    'content-length': asset.body.length,
    'cache-control': 'public, max-age=86400',
  })
  response.end(method === 'HEAD' ? undefined : asset.body)
}
