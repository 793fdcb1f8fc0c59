/**
 * The key a request is counted under for per-client limits (subscription cap, rate limit): its
 * socket's remote address. Forwarded headers are not trusted, so behind a reverse proxy every client
 * is the proxy and shares one key. `'unknown'` when the context carries no socket (yoga's `fetch`).
 *
 * @example
 * clientKeyOf({ req: { socket: { remoteAddress: '127.0.0.2' } } }) // '127.0.0.2'
 */
export function clientKeyOf(context: unknown): string {
  const req = (context as { req?: { socket?: { remoteAddress?: string } } } | undefined)?.req
  return req?.socket?.remoteAddress ?? 'unknown'
}
