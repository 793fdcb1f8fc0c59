import type { Address } from 'viem'
import type { IndexedPosition } from '../adapter.js'

/**
 * The engine-facing id of a stored position: `chainId:venue:wallet:key:kind` (addresses lowercased).
 * Unique per (chain, venue, wallet, kind, key), like the store's primary key.
 *
 * @example
 * corePositionId(1, { venue: 'wallet', wallet, kind: 'spot', key: usdc }) // '1:wallet:0xabc…:0xa0b…:spot'
 */
export function corePositionId(
  chainId: number,
  position: Pick<IndexedPosition, 'venue' | 'wallet' | 'kind' | 'key'>,
): string {
  return `${chainId}:${position.venue}:${lower(position.wallet)}:${position.key}:${position.kind}`
}

/**
 * Lowercases an address (the store and the asset map key addresses lowercased).
 *
 * @example
 * lower('0xAbC…') // '0xabc…'
 */
export function lower(address: Address): Address {
  return address.toLowerCase() as Address
}
