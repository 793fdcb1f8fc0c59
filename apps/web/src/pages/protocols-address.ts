import type { MarginModel } from '../api/documents.js'

/** The wallets a cascade runs over: every tracked wallet, or the ones the page lists. */
export const cascadeScopes = ['all', 'listed'] as const
/** One of {@link cascadeScopes}. */
export type CascadeScope = (typeof cascadeScopes)[number]

/** A cascade as the page address carries it: the shock as typed (`ETH=-25%`) and its scope. */
export type CascadeLink = { shock: string; scope: CascadeScope }

/** What the protocols page's address holds: the wallets listed, the margin model, the cascade run. */
export type ProtocolsAddress = {
  addresses: readonly string[]
  model: MarginModel
  cascade: CascadeLink | undefined
}

/** A `scope=` in the page address that is not one of {@link cascadeScopes}. */
export class CascadeScopeError extends Error {
  override name = 'CascadeScopeError'
}

/**
 * The cascade a protocols address asks for (`shock=` and `scope=`, scope `all` when left out), or
 * `undefined` without a `shock=`. An unknown scope is an error, naming the valid ones.
 *
 * @example
 * readCascadeLink(new URLSearchParams('shock=ETH%3D-25%25&scope=listed')) // { shock: 'ETH=-25%', scope: 'listed' }
 */
export function readCascadeLink(parameters: URLSearchParams): CascadeLink | undefined {
  const shock = parameters.get('shock')
  if (shock === null) return undefined
  const asked = parameters.get('scope') ?? 'all'
  const scope = cascadeScopes.find((s) => s === asked)
  if (scope === undefined)
    throw new CascadeScopeError(`Unknown cascade scope "${asked}": use ${cascadeScopes.join(' or ')}.`)
  return { shock, scope }
}

/**
 * The protocols page's address (a location hash) for its wallets, model and cascade, so a page, and a
 * cascade on it, can be shared as a link and a reload shows it again. The shock is URI-encoded.
 *
 * @example
 * protocolsHash({ addresses: ['0xa', '0xb'], model: 'PORTFOLIO', cascade: { shock: 'ETH=-25%', scope: 'all' } })
 * // '#/protocols?wallets=0xa,0xb&model=PORTFOLIO&shock=ETH%3D-25%25&scope=all'
 */
export function protocolsHash(address: ProtocolsAddress): string {
  const parts = [
    ...(address.addresses.length > 0 ? [`wallets=${address.addresses.join(',')}`] : []),
    `model=${address.model}`,
    ...(address.cascade
      ? [`shock=${encodeURIComponent(address.cascade.shock)}`, `scope=${address.cascade.scope}`]
      : []),
  ]
  return `#/protocols?${parts.join('&')}`
}
