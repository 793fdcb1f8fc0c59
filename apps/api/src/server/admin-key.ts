import { createHash, timingSafeEqual } from 'node:crypto'

const digest = (value: string) => createHash('sha256').update(value).digest()

/**
 * Whether a request carries the admin API key, as `authorization: Bearer <key>` or `x-api-key: <key>`.
 * Compared in constant time; false when the server has no admin key.
 *
 * @example
 * hasAdminKey(request.headers, process.env.XMARGIN_ADMIN_KEY) // true | false
 */
export function hasAdminKey(headers: Headers, adminKey: string | undefined): boolean {
  if (!adminKey) return false
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.get('authorization') ?? '')?.[1]
  const given = bearer ?? headers.get('x-api-key')
  if (!given) return false
  return timingSafeEqual(digest(given), digest(adminKey))
}
