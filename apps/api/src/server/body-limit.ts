import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ApiErrorCode } from '../errors.js'
import { sendError } from './send-error.js'

/**
 * Rejects a request body before yoga reads it: over `maxBytes` by its `content-length` → 413
 * `PAYLOAD_TOO_LARGE`; a POST without `content-length` (chunked) → 411 `LENGTH_REQUIRED`. Returns
 * true when it answered the request.
 *
 * @example
 * if (rejectBody(req, res, { maxBytes: 256 * 1024 })) return
 */
export function rejectBody(
  request: IncomingMessage,
  response: ServerResponse,
  parameters: { maxBytes: number },
): boolean {
  if (request.method !== 'POST') return false
  const header = request.headers['content-length']
  let code: ApiErrorCode | undefined
  let message = ''
  if (header === undefined) {
    code = 'LENGTH_REQUIRED'
    message = 'A POST body needs a content-length header.'
  } else if (!/^\d+$/.test(header) || Number(header) > parameters.maxBytes) {
    code = 'PAYLOAD_TOO_LARGE'
    message = `The request body is larger than ${parameters.maxBytes} bytes.`
  }
  if (!code) return false
  sendError(response, code, message)
  request.resume()
  return true
}
