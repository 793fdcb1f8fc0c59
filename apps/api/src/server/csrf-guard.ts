import type { IncomingMessage, ServerResponse } from 'node:http'
import { sendError } from './send-error.js'

/**
 * Content types a web page can POST to any site without a CORS preflight (HTML forms, `fetch` with a
 * string body): a POST with one of them, or with none, could be a cross-site request forgery.
 */
const simpleContentTypes = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'])

/**
 * CSRF guard: refuses a POST whose content type is a "simple" one (form-urlencoded, multipart,
 * text/plain) or missing, with 415 `UNSUPPORTED_MEDIA_TYPE`, before yoga parses it. A POST with
 * `application/json` needs a preflight from a browser, which CORS answers. GET stays open: it never
 * runs a mutation. Returns true when it answered the request.
 *
 * @example
 * if (rejectSimplePost(req, res)) return
 */
export function rejectSimplePost(request: IncomingMessage, response: ServerResponse): boolean {
  if (request.method !== 'POST') return false
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
  if (type !== '' && !simpleContentTypes.has(type)) return false
  sendError(
    response,
    'UNSUPPORTED_MEDIA_TYPE',
    'POST bodies must be application/json: a form, multipart or text/plain POST (which any web page can send) is refused.',
  )
  request.resume()
  return true
}
