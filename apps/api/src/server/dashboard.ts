import { existsSync, readFileSync, statSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, resolve, sep } from 'node:path'

/** Content types of the files a Vite build writes. An extension not listed here is not served. */
const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
}

/** Parameters of {@link serveDashboard}. */
export type ServeDashboardParameters = {
  /** The dashboard's build output (`apps/web/dist`): `index.html` and `assets/`. */
  dir: string
  /** Paths the dashboard never answers (the API's own), e.g. `['/graphql', '/graphiql']`. */
  reserved: readonly string[]
}

/**
 * Serves the dashboard's built files: `/` is `index.html`, any other GET of a file inside `dir` is
 * that file (hashed assets cached for a year). Paths under `reserved`, other methods and files that
 * do not exist are left to the API (returns false). When `dir` has no `index.html` (the dashboard was
 * not built), `/` answers 503 saying so instead of a blank page.
 *
 * @example
 * if (serveDashboard(req, res, { dir: webAssetsDir, reserved: ['/graphql', '/graphiql'] })) return
 */
export function serveDashboard(
  request: IncomingMessage,
  response: ServerResponse,
  parameters: ServeDashboardParameters,
): boolean {
  const method = request.method ?? 'GET'
  if (method !== 'GET' && method !== 'HEAD') return false
  let path: string
  try {
    path = decodeURIComponent((request.url ?? '/').split('?')[0]!)
  } catch {
    return false // a malformed escape names no file
  }
  if (parameters.reserved.some((r) => path === r || path.startsWith(`${r}/`))) return false
  const root = resolve(parameters.dir)
  const file = resolve(root, `.${path === '/' ? '/index.html' : path}`)
  if (!file.startsWith(root + sep)) return false
  const type = contentTypes[extname(file)]
  if (path === '/' && !existsSync(file)) {
    const body = Buffer.from(
      `The dashboard is not built (no ${file}). Run \`pnpm build\` (bash scripts/run.sh does it).\n`,
    )
    response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'content-length': body.length })
    response.end(method === 'HEAD' ? undefined : body)
    return true
  }
  if (type === undefined || !existsSync(file) || !statSync(file).isFile()) return false
  const body = readFileSync(file)
  response.writeHead(200, {
    'content-type': type,
    'content-length': body.length,
    // Vite names assets by content hash; index.html must be re-read to see a new build.
    'cache-control': path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
  })
  response.end(method === 'HEAD' ? undefined : body)
  return true
}
