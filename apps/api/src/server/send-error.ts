import type { ServerResponse } from 'node:http'
import { type ApiErrorCode, httpStatusOf } from '../errors.js'

/**
 * Answers a request before yoga sees it: `{ errors: [{ message, extensions: { code } }] }` with the
 * code's HTTP status, and closes the connection (the body may not have been read).
 *
 * @example
 * sendError(response, 'PAYLOAD_TOO_LARGE', 'The request body is larger than 524288 bytes.')
 */
export function sendError(response: ServerResponse, code: ApiErrorCode, message: string): void {
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] })
  response.writeHead(httpStatusOf[code], {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    connection: 'close',
  })
  response.end(body)
}
