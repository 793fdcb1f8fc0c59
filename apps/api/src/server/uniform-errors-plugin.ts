import type { Plugin } from 'graphql-yoga'
import { type ApiErrorCode, httpStatusOf } from '../errors.js'

type ErrorLike = { extensions?: Record<string, unknown> }

/**
 * Makes every error's HTTP status the one `httpStatusOf` gives its code, whatever the request's
 * `accept` header (yoga answers `application/json` clients 200 for errors it marks `spec`: parse,
 * validation, malformed requests), and drops `extensions.originalError` (yoga puts the JSON parser's
 * own message there).
 *
 * @example
 * createYoga({ schema, plugins: [useUniformErrors()] })
 */
export function useUniformErrors(): Plugin {
  return {
    onResultProcess({ result }) {
      for (const one of Array.isArray(result) ? result : [result]) {
        if (!one || typeof one !== 'object' || !('errors' in one) || !Array.isArray(one.errors)) continue
        for (const error of one.errors as ErrorLike[]) uniform(error)
      }
    },
  }
}

function uniform(error: ErrorLike): void {
  const extensions = error.extensions
  if (!extensions) return
  delete extensions.originalError
  const code = extensions.code
  const known = typeof code === 'string' && Object.hasOwn(httpStatusOf, code)
  const http = (extensions.http ?? {}) as { status?: number; spec?: boolean; headers?: unknown }
  if (known) http.status = httpStatusOf[code as ApiErrorCode]
  delete http.spec
  if (known || extensions.http) extensions.http = http
}
