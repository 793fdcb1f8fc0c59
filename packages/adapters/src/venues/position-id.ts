import { positionId } from '@xmargin/core'
import type { Address } from 'viem'
import type { IndexedPosition } from '../adapter.js'

/**
 * The engine-facing id of a stored position (core's `positionId`: `chainId:venue:wallet:key:kind`).
 *
 * @example
 * corePositionId(1, { venue: 'wallet', wallet, kind: 'spot', key: usdc }) // '1:wallet:0xabc…:0xa0b…:spot'
 */
export function corePositionId(
  chainId: number,
  position: Pick<IndexedPosition, 'venue' | 'wallet' | 'kind' | 'key'>,
): string {
  return positionId({ chainId, ...position })
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
