import { BlockList, isIP } from 'node:net'
import { proxyEntryProblem } from '@xmargin/config'
import { ApiSettingsError } from '../errors.js'

/** The key of the client a request is counted under (per-client rate limit, subscription cap). */
export type ClientKeyOf = (context: unknown) => string

type RequestLike = {
  socket?: { remoteAddress?: string }
  headers?: Record<string, string | string[] | undefined>
}

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) as `10.0.0.1`. */
const unmapped = (address: string) =>
  address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address

/**
 * Creates the function that names the client of a request for the per-client limits: its socket's
 * remote address, unless that address is one of `trustedProxies` (addresses or CIDR blocks): then
 * the rightmost `X-Forwarded-For` address that is not itself a trusted proxy (what the first proxy
 * saw; anything left of it the client may have written). No trusted proxy (the default): the header
 * is never read, so a client cannot pick its own key. `'unknown'` when the context carries no socket
 * (yoga's `fetch`). Throws {@link ApiSettingsError} for an entry that is not an address or a block.
 *
 * @example
 * const clientKeyOf = createClientKeyOf({ trustedProxies: ['10.0.0.0/8'] })
 * clientKeyOf({ req: { socket: { remoteAddress: '10.1.2.3' }, headers: { 'x-forwarded-for': '203.0.113.7' } } }) // '203.0.113.7'
 * clientKeyOf({ req: { socket: { remoteAddress: '127.0.0.2' }, headers: {} } }) // '127.0.0.2'
 */
export function createClientKeyOf(
  parameters: { trustedProxies?: readonly string[] | undefined } = {},
): ClientKeyOf {
  const trusted = new BlockList()
  for (const entry of parameters.trustedProxies ?? []) {
    const problem = proxyEntryProblem(entry)
    if (problem) throw new ApiSettingsError(`trustedProxies entry ${JSON.stringify(entry)} ${problem}.`)
    const [address, prefix] = entry.split('/') as [string, string | undefined]
    const family = isIP(address) === 4 ? 'ipv4' : 'ipv6'
    if (prefix === undefined) trusted.addAddress(address, family)
    else trusted.addSubnet(address, Number(prefix), family)
  }
  const none = (parameters.trustedProxies ?? []).length === 0
  const isTrusted = (address: string) => {
    const family = isIP(address)
    return family !== 0 && trusted.check(address, family === 4 ? 'ipv4' : 'ipv6')
  }
  return (context) => {
    const req = (context as { req?: RequestLike } | undefined)?.req
    const remote = req?.socket?.remoteAddress
    if (remote === undefined) return 'unknown'
    const peer = unmapped(remote)
    if (none || !isTrusted(peer)) return peer
    const header = req?.headers?.['x-forwarded-for']
    const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
      .split(',')
      .map((hop) => unmapped(hop.trim()))
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = hops[i]!
      // A hop that is not an address ends the chain we can vouch for: count it as the proxy's own.
      if (isIP(hop) === 0) return peer
      if (!isTrusted(hop)) return hop
    }
    return peer
  }
}

/**
 * The client key with no trusted proxy: the socket's remote address.
 *
 * @example
 * clientKeyOf({ req: { socket: { remoteAddress: '127.0.0.2' } } }) // '127.0.0.2'
 */
export const clientKeyOf: ClientKeyOf = createClientKeyOf()
