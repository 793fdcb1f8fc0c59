/** Uniswap v3 tick spacing of the 0.3% fee tier, the tier the Perp v2 pools use here. */
export const PERP_POOL_FEE = 3000
export const PERP_TICK_SPACING = 60

/**
 * Integer square root (floor) of a non-negative bigint.
 *
 * @example
 * sqrtBigInt(10n) // 3n
 */
export function sqrtBigInt(value: bigint): bigint {
  if (value < 0n) throw new RangeError('sqrt of a negative number')
  if (value < 2n) return value
  let x = BigInt(Math.floor(Math.sqrt(Number(value))))
  // One Newton step lands at or above the root whichever side the float estimate was on (it can be
  // off by ~1e-16 relative, i.e. by 1e14 for a sqrtPriceX96); the steps below then descend to it.
  x = (x + value / x) >> 1n
  for (;;) {
    const y = (x + value / x) >> 1n
    if (y >= x) break
    x = y
  }
  while (x * x > value) x--
  while ((x + 1n) * (x + 1n) <= value) x++
  return x
}

/**
 * `sqrtPriceX96` of a pool whose base and quote both have 18 decimals, for a price given as a
 * fixed-point integer with `decimals` decimals (a feed answer).
 *
 * @example
 * sqrtPriceX96FromPrice(3000_00000000n, 8) // √3000 · 2^96
 */
export function sqrtPriceX96FromPrice(price: bigint, decimals: number): bigint {
  return sqrtBigInt((price << 192n) / 10n ** BigInt(decimals))
}
