import { sqrtFloor } from '@xmargin/engine'

/** Uniswap v3 tick spacing of the 0.3% fee tier, the tier the Perp v2 pools use here. */
export const PERP_POOL_FEE = 3000
export const PERP_TICK_SPACING = 60

/**
 * `sqrtPriceX96` of a pool whose base and quote both have 18 decimals, for a price given as a
 * fixed-point integer with `decimals` decimals (a feed answer).
 *
 * @example
 * sqrtPriceX96FromPrice(3000_00000000n, 8) // √3000 · 2^96
 */
export function sqrtPriceX96FromPrice(price: bigint, decimals: number): bigint {
  return sqrtFloor((price << 192n) / 10n ** BigInt(decimals))
}
